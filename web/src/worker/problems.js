/**
 * Problem details (RFC 9457) → messages next to the form fields. The server
 * names each offending input with a JSON pointer (`/location/lon`) or a
 * parameter (`file`); the page maps them to its own fields and says in
 * Chinese what the server said in English, keeping the server's words where
 * it has no translation.
 * @module worker/problems
 */

/**
 * Form field of a JSON pointer's first segments; the rest fall back to the first segment.
 * @type {Record<string, string>}
 */
const FIELD_OF_POINTER = {
  '/location/address': 'address',
  '/location/floor': 'floor',
  '/location': 'location',
  '/attachments': 'photos',
  '/photos': 'photos',
  '/extensionHours': 'hours',
  '/reporter': 'general',
  '/source': 'general',
  '/urgency': 'general',
  '/version': 'general',
};

/** Form field of a query, path or form parameter. @type {Record<string, string>} */
const FIELD_OF_PARAMETER = {
  file: 'photos',
  lon: 'location',
  lat: 'location',
  crs: 'location',
  'Idempotency-Key': 'general',
};

/**
 * @param {{pointer?: string, parameter?: string}} param One offending input.
 * @return {string} The form field it belongs to (`general` when none).
 */
export function fieldOf(param) {
  if (typeof param.pointer === 'string' && param.pointer.startsWith('/')) {
    const segments = param.pointer.split('/');
    for (let n = segments.length; n > 1; n--) {
      const prefix = segments.slice(0, n).join('/');
      if (prefix in FIELD_OF_POINTER) {
        return FIELD_OF_POINTER[prefix];
      }
    }
    return segments[1] || 'general';
  }
  if (typeof param.parameter === 'string') {
    return FIELD_OF_PARAMETER[param.parameter] || 'general';
  }
  return 'general';
}

/**
 * Known phrasings of the server, in Chinese. Order matters: first match wins.
 * @type {Array<[RegExp, string|function(...string): string]>}
 */
const TRANSLATIONS = [
  [/^Wrong username or password\.?$/i, '用户名或密码错误'],
  [/^Too many failed logins.* in (\d+) s\.?$/i, (s) => `登录失败次数过多，请 ${s} 秒后再试`],
  [/^required$/i, '必填'],
  [/^required for this category$/i, '该类别必须提供位置'],
  [/^longer than (\d+) characters \((\d+)\)$/i, (max, n) => `不能超过 ${max} 个字（现为 ${n} 个）`],
  [/must be plain text/i, '只能填写纯文本，不能包含 HTML 标记或脚本'],
  [/contains a NUL character/i, '含有非法字符'],
  [/^unknown sub-category code$/i, '类别不存在，请重新选择'],
  [/^no uploaded photo with this id/i, '照片未上传成功，请删除后重新拍摄'],
  [/^not a photo id/i, '照片编号无效，请删除后重新拍摄'],
  [/^at most (\d+) photos$/i, (n) => `最多 ${n} 张照片`],
  [/^outside the service area$/i, '位置不在本平台服务范围内：请检查坐标系是否选对'],
  [/^must be between (\S+) and (\S+), not/i, (min, max) => `应在 ${min} 到 ${max} 之间`],
  [/^must be a whole number$/i, '须为整数'],
  [/^must be a number/i, '须为数字'],
  [/^must be an integer$/i, '须为整数'],
  [/^stale: current version is (\d+)$/i, (v) => `案件已被他人更新（当前版本 ${v}）`],
  [/^Unknown coordinate system/i, '不支持的坐标系'],
  [/needs a comment/i, '请填写说明'],
  [/needs a photo of the result/i, '请上传处置后的照片'],
  [/'extensionHours' must be/i, '延期时长须大于 0 且不超过 720 个工作小时'],
  [/^must be \{lon, lat, crs\}/i, '位置格式无效'],
];

/**
 * @param {string} detail The server's words for one input.
 * @return {string} Chinese message (the server's words when no translation is known).
 */
export function translateDetail(detail) {
  for (const [pattern, text] of TRANSLATIONS) {
    const match = pattern.exec(detail);
    if (match) {
      return typeof text === 'function' ? text(...match.slice(1)) : text;
    }
  }
  return detail;
}

/**
 * @typedef {Object} FieldMessages
 * @property {Record<string, Array<string>>} fields Messages per form field.
 * @property {Array<string>} general Messages that belong to no field (shown above the submit button).
 */

/**
 * Splits an API error into messages per form field.
 * @param {unknown} error Error from the API client (an `ApiError` or anything else).
 * @param {Set<string>|Array<string>} [known] Fields the form shows; messages for others go to `general`.
 * @return {FieldMessages} Messages.
 */
export function fieldMessages(error, known) {
  const fields = /** @type {Record<string, Array<string>>} */ ({});
  /** @type {Array<string>} */
  const general = [];
  const knownSet = known ? new Set(known) : null;
  const errors =
    error && typeof error === 'object' && 'errors' in error && Array.isArray(error.errors) ? error.errors : [];
  for (const param of errors) {
    if (!param || typeof param.detail !== 'string') {
      continue;
    }
    const field = fieldOf(param);
    const message = translateDetail(param.detail);
    if (field === 'general' || (knownSet && !knownSet.has(field))) {
      general.push(message);
    } else {
      (fields[field] ||= []).push(message);
    }
  }
  if (!errors.length || (general.length === 0 && Object.keys(fields).length === 0)) {
    general.push(errorText(error));
  }
  return {fields, general};
}

/**
 * @param {unknown} error Any error.
 * @return {string} One line for the user.
 */
export function errorText(error) {
  if (error instanceof Error) {
    return translateDetail(error.message);
  }
  return String(error);
}

/**
 * What to tell the user when a photo upload is refused: the kind of refusal
 * from the status, then the server's own detail.
 * @param {unknown} error Error from `POST /api/photos`.
 * @return {string} Message.
 */
export function photoErrorMessage(error) {
  const status = error && typeof error === 'object' && 'status' in error ? Number(error.status) : -1;
  const detail =
    error && typeof error === 'object' && 'detail' in error && typeof error.detail === 'string' ? error.detail : '';
  const lead =
    status === 413
      ? '照片太大，未被接收'
      : status === 415
        ? '照片格式不支持（只接收 JPEG、PNG、WebP）'
        : status === 422
          ? '照片文件损坏或像素过多，未被接收'
          : status === 0
            ? '网络异常，照片未上传'
            : status === 403
              ? '当前账号不能上传照片'
              : '照片上传失败';
  return detail ? `${lead}：${detail}` : lead;
}
