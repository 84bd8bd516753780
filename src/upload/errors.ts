// The errors of large uploads (`files.upload`, `uploadFile`): each says what was wrong and what to do.
import { FineTuningError, guardFor } from '../errors/base.ts';

/**
 * An Upload could not be finished. When it was kept (`resumable: true`, or a `resume` given),
 * `resume` is what to pass as the `resume` option to send only what is missing.
 */
export class UploadInterruptedError extends FineTuningError {
  static override readonly kind: string = 'UploadInterruptedError';
  constructor(
    message: string,
    readonly resume: UploadResumeState | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The Upload being resumed has expired (an Upload lives an hour): start a new one. */
export class UploadExpiredError extends FineTuningError {
  static override readonly kind: string = 'UploadExpiredError';
  constructor(
    readonly uploadId: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Upload ${uploadId} has expired (an Upload expires an hour after it is created); its parts are gone. Upload the file again without \`resume\`.`,
      options,
    );
  }
}

/** The source changed (size or content) while it was read; what was sent does not match it. */
export class SourceChangedError extends FineTuningError {
  static override readonly kind: string = 'SourceChangedError';
}

/** Where an Upload stands: enough to resume it. Given to `onPart` after each part and kept in errors. */
export interface UploadResumeState {
  uploadId: string;
  /** The file's size, as the Upload was created for. */
  bytes: number;
  /** The part size used; a resume uses the same. */
  partSize: number;
  filename: string;
  /** Part ids by part number (`null` for a part not sent yet). */
  parts: Array<string | null>;
}

// The guards of the classes above (pure: a bundler drops the ones an application does not use).
/** Whether `value` is an UploadInterruptedError (from any copy of the package); `instanceof` works as well. */
export const isUploadInterruptedError =
  /* @__PURE__ */ guardFor<UploadInterruptedError>('UploadInterruptedError');
/** Whether `value` is an UploadExpiredError (from any copy of the package); `instanceof` works as well. */
export const isUploadExpiredError =
  /* @__PURE__ */ guardFor<UploadExpiredError>('UploadExpiredError');
/** Whether `value` is a SourceChangedError (from any copy of the package); `instanceof` works as well. */
export const isSourceChangedError =
  /* @__PURE__ */ guardFor<SourceChangedError>('SourceChangedError');
