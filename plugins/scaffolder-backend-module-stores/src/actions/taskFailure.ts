import { isStoresApiError } from '@storefleet/plugin-stores-common';

/**
 * An expected end of a task — the stores API refused (quota, conflict, permission) or the store
 * failed — shown in the task log as one line in the backend's words, without a stack trace (the
 * scaffolder writes a failed step's `error.stack`).
 */
export class TaskFailure extends Error {
  readonly name = 'TaskFailure';

  constructor(message: string) {
    super(message);
    this.stack = message;
  }
}

/** Runs an action body; a refusal of the stores API ends the task as a TaskFailure. */
export async function failingPlainly<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (isStoresApiError(error)) throw new TaskFailure(error.message);
    throw error;
  }
}
