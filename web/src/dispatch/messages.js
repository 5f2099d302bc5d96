/**
 * Chinese messages of the dispatcher's page for failed API calls.
 * @module dispatch/messages
 */

import {translateDetail} from '../worker/problems.js';

/**
 * @param {unknown} error Error of an API call (an `ApiError` has `status` and `detail`).
 * @return {string} One line for the dispatcher.
 */
export function actionErrorText(error) {
  const status = error && typeof error === 'object' && 'status' in error ? Number(error.status) : -1;
  const detail =
    error && typeof error === 'object' && 'detail' in error && typeof error.detail === 'string' ? translateDetail(error.detail) : '';
  const suffix = detail ? `（${detail}）` : '';
  if (status === 409) {
    // The server's detail is English; the dispatcher needs to know only which of the two conflicts it was.
    const rawDetail = error && typeof error === 'object' && 'detail' in error ? String(error.detail) : '';
    return /version/i.test(rawDetail)
      ? '操作未执行：该案件刚被他人更新（版本已过期），已重新加载最新状态，请确认后再操作'
      : '操作未执行：案件当前状态不允许此操作（可能已被他人处理），已重新加载最新状态';
  }
  if (status === 403) {
    return `无权操作：该案件不在您的管辖范围内，或您的角色不能执行此操作${suffix}`;
  }
  if (status === 404) {
    return '案件不存在或您无权查看';
  }
  if (status === 400 || status === 422) {
    return `提交的内容有误${suffix}`;
  }
  if (status === 0) {
    return '无法连接服务器，请检查网络后重试';
  }
  return error instanceof Error ? translateDetail(error.message) : String(error);
}
