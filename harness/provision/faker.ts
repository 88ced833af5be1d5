/**
 * Faker's English locale alone: the package root loads every locale, most of a second in each
 * process a run starts. Seeded per run, so the same seed provisions the same world.
 */
export { faker } from '@faker-js/faker/locale/en';
