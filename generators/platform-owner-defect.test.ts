import { describe, expect, test } from 'vitest';
import { platformOwnerDefects } from './platform-owner-defect.ts';

describe('platformOwnerDefects', () => {
  test('list-valued MFA claims get list-valued defects, and no defect keeps the valid value', () => {
    const defects = platformOwnerDefects({ mfaClaim: 'amr', mfaValue: ['pwd', 'mfa'], roleClaim: 'role', otherRole: 'member' });
    const byId = Object.fromEntries(defects.map((d) => [d.id, d]));
    expect(byId['mfa-lookalike']!.set).toEqual({ amr: ['pwd', 'no-mfa'] });
    expect(byId['mfa-case-changed']!.set).toEqual({ amr: ['PWD', 'MFA'] });
    expect(byId['mfa-empty']!.set).toEqual({ amr: [] });
    expect(byId['ordinary-role']!.set).toEqual({ role: 'member' });
    expect(defects.every((d) => JSON.stringify(d.set.amr) !== JSON.stringify(['pwd', 'mfa']))).toBe(true);
  });
  test('string-valued claims get string defects; without another role there is no ordinary-role defect', () => {
    const defects = platformOwnerDefects({ mfaClaim: 'acr', mfaValue: 'mfa', roleClaim: 'role' });
    expect(defects.find((d) => d.id === 'mfa-empty')!.set).toEqual({ acr: '' });
    expect(defects.find((d) => d.id === 'ordinary-role')).toBeUndefined();
  });
  test('an ordinary role is set in the shape real tokens carry it (a list of roles stays a list)', () => {
    const defects = platformOwnerDefects({ mfaClaim: 'amr', mfaValue: ['pwd', 'mfa'], roleClaim: 'roles', otherRole: ['editor'] });
    expect(defects.find((d) => d.id === 'ordinary-role')!.set).toEqual({ roles: ['editor'] });
  });
});
