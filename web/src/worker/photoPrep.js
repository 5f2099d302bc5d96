/**
 * Photos from the camera before upload. The server takes JPEG, PNG and WebP
 * up to 10 MiB; a phone photo is often 3–8 MB, which takes minutes on a weak
 * mobile signal. Large photos, and formats the server refuses (HEIC from
 * iPhones, when the browser can decode it), are re-encoded as JPEG of at most
 * {@link MAX_EDGE_PX} pixels on the long edge. Re-encoding drops the EXIF
 * block (position, time); the case carries the phone's position anyway.
 * @module worker/photoPrep
 */

/** Types the server accepts as they are. */
export const ACCEPTED_TYPES = Object.freeze(['image/jpeg', 'image/png', 'image/webp']);
/** Files up to this size are sent unchanged (when their type is accepted). */
export const KEEP_BYTES = 1.5 * 1024 * 1024;
/** Long edge of a re-encoded photo. */
export const MAX_EDGE_PX = 2048;
/** JPEG quality of a re-encoded photo. */
export const JPEG_QUALITY = 0.85;

/**
 * @param {{type: string, size: number}} file File.
 * @return {boolean} Whether the page re-encodes it before upload.
 */
export function needsReencode(file) {
  return !ACCEPTED_TYPES.includes(file.type) || file.size > KEEP_BYTES;
}

/**
 * @param {number} width Pixels.
 * @param {number} height Pixels.
 * @param {number} [maxEdge] Longest edge allowed.
 * @return {{width: number, height: number}} Size scaled down (never up) to fit.
 */
export function fitWithin(width, height, maxEdge = MAX_EDGE_PX) {
  const scale = Math.min(1, maxEdge / Math.max(width, height));
  return {width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale))};
}

/**
 * The photo to upload: the file itself, or a smaller JPEG drawn from it. When
 * the browser cannot decode the file, the file goes as it is and the server
 * says what is wrong with it.
 * @param {File} file Photo from the camera or the gallery.
 * @return {Promise<Blob>} What to upload.
 */
export async function prepareForUpload(file) {
  if (!needsReencode(file) || typeof createImageBitmap !== 'function') {
    return file;
  }
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, {imageOrientation: 'from-image'});
  } catch {
    return file;
  }
  try {
    const size = fitWithin(bitmap.width, bitmap.height);
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const context = canvas.getContext('2d');
    if (!context) {
      return file;
    }
    context.drawImage(bitmap, 0, 0, size.width, size.height);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY));
    return blob instanceof Blob && (blob.size < file.size || !ACCEPTED_TYPES.includes(file.type)) ? blob : file;
  } finally {
    bitmap.close();
  }
}
