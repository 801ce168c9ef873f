import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { holdsSecret, knownSecrets, REDACTED, redactSecrets, registerSecrets, scrubSecrets, secretValuesFromEnv } from "./redact.js";

describe("the process's one secret set", () => {
  it("a value registered once (a second model's api_key_env, read late) is scrubbed by every scrubber, given no list", () => {
    const key = "late-registered-key-0123456789";
    expect(scrubSecrets(`echo ${key}`)).toContain(key);
    registerSecrets([key, undefined, "short"]);
    expect(knownSecrets()).toContain(key);
    expect(knownSecrets()).not.toContain("short");
    expect(scrubSecrets(`echo ${key}!`)).toBe(`echo ${REDACTED}!`);
    expect(scrubSecrets(`echo ${key}!`, ["unrelated-secret"])).toBe(`echo ${REDACTED}!`);
    expect(holdsSecret(`x${key}x`)).toBe(true);
    expect(redactSecrets({ a: [`k=${key}`] })).toEqual({ a: [`k=${REDACTED}`] });
  });

  it("secretValuesFromEnv registers what it finds", () => {
    const v = "env-found-secret-value-42";
    secretValuesFromEnv({ MY_TOKEN: v });
    expect(scrubSecrets(v)).toBe(REDACTED);
  });

  it("property: after scrubbing, no registered secret remains, whatever surrounds it (longest first: a secret inside another)", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 6, maxLength: 30 }), fc.string(), fc.string(), (sec, a, b) => {
        registerSecrets([sec, `${sec}${sec}`]);
        const out = scrubSecrets(`${a}${sec}${sec}${b}`);
        expect(out.includes(`${sec}${sec}`)).toBe(false);
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});
