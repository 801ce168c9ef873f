/** Redaction lives in @fib/schemas (the response cache in @fib/models scrubs too); re-exported here for compatibility. */
export { holdsSecret, isSecretField, PROVIDER_SECRET_VARS, REDACTED, redactSecrets, SECRET_NAME, scrubSecrets, secretValuesFromEnv } from "@fib/schemas";
