/** A database timestamp as ISO 8601: SQLite keeps epoch milliseconds, PostgreSQL timestamptz. */
export const toIso = (value: Date | string | number) =>
  new Date(value).toISOString();
