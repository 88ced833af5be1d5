import fc from 'fast-check';
import { forgedToken, forgedTokenRepresentatives, type ForgedTokenOptions, type ForgeryRecipe } from './forged-token.ts';

/**
 * Places services commonly fall back to reading a token from when the declared one is absent
 * (RFC 6750 §2.1 and §2.3); which of them differ from a contract's transport is the harness's to say.
 */
export type Fallback = 'bearer-header' | 'access-token-query';
/** Where a forged token travels: the contract's transport, or a fallback. */
export type Placement = 'declared' | Fallback;

/** A forgery and where it is placed, as plain data so that a replay regenerates both. */
export interface PlacedForgery {
  recipe: ForgeryRecipe;
  placement: Placement;
}

/**
 * The forgeries each fallback placement meets on some operation: a fallback that decodes without
 * verifying accepts every one of them, whatever else it checks (alg, kid, claims, signature bytes).
 */
const FALLBACK_FORGERIES = ['alg-none:none', 'unknown-key:target-kid', 'tampered-payload:tenant', 'signature:bit-flip'];

/** The forgery id, suffixed with the placement when it is a fallback (`alg-none:none@bearer-header`). */
export const placedLabel = ({ recipe, placement }: PlacedForgery) => (placement === 'declared' ? recipe.id : `${recipe.id}@${placement}`);

/** The representatives' group: the forgery family on the declared transport, the placement itself on a fallback. */
export const placedGroup = ({ recipe, placement }: PlacedForgery) => (placement === 'declared' ? recipe.family : placement);

/**
 * Every forgery representative on the declared transport, then a few on each of `fallbacks`,
 * grouped (`placedGroup`) so that each operation meets one of them per fallback.
 */
export function placedForgeryRepresentatives(options: ForgedTokenOptions, fallbacks: readonly Fallback[]): PlacedForgery[] {
  const recipes = forgedTokenRepresentatives(options);
  const onFallback = recipes.filter((r) => FALLBACK_FORGERIES.includes(r.id));
  return [
    ...recipes.map((recipe) => ({ recipe, placement: 'declared' as const })),
    ...fallbacks.flatMap((placement) => onFallback.map((recipe) => ({ recipe, placement }))),
  ];
}

/**
 * Any forgery of the catalogue, on the declared transport or one of `fallbacks`. The declared
 * transport weighs as much as the fallbacks together, since the whole catalogue matters most
 * there; shrinking moves towards it.
 */
export function placedForgery(options: ForgedTokenOptions, fallbacks: readonly Fallback[]): fc.Arbitrary<PlacedForgery> {
  const placement = fc.oneof(
    { arbitrary: fc.constant<Placement>('declared'), weight: Math.max(1, fallbacks.length) },
    ...fallbacks.map((p) => ({ arbitrary: fc.constant<Placement>(p), weight: 1 })),
  );
  return fc.record({ recipe: forgedToken(options), placement });
}
