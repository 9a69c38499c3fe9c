/** The project's one seeded PRNG (shared/random.ts), for the art generator and the benchmark floor. */
export { seededRandom as rng } from "../../shared/random.ts";
