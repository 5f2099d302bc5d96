/**
 * Login dialog (用户名 / 密码 / 登录), used as the API client's credentials prompt.
 * @module login
 */

import {el} from './dom.js';

/**
 * Creates the dialog (hidden) and returns a prompt that opens it.
 * @param {HTMLElement} [parent] Where the dialog is attached (default: `document.body`).
 * @return {import('./api.js').CredentialsPrompt} Credentials prompt.
 */
export function createLoginDialog(parent = document.body) {
  const username = el('input', {
    name: 'username',
    type: 'text',
    autocomplete: 'username',
    required: true,
  });
  const password = el('input', {
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const message = el('p', {class: 'login__message', role: 'alert'});
  const submit = el('button', {type: 'submit', class: 'login__submit'}, ['登录']);
  const cancel = el('button', {type: 'button', class: 'login__cancel'}, ['取消']);
  const form = el('form', {class: 'login__form'}, [
    el('h2', {}, ['登录一网平台']),
    el('p', {class: 'login__hint'}, ['查看网格数据需要登录。']),
    el('label', {}, ['用户名', username]),
    el('label', {}, ['密码', password]),
    message,
    el('div', {class: 'login__actions'}, [cancel, submit]),
  ]);
  const dialog = el('dialog', {class: 'login', 'aria-label': '登录'}, [form]);
  parent.append(dialog);

  /** @type {function(import('./api.js').Credentials|null): void} */
  let settle = () => {};

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const credentials = {username: username.value.trim(), password: password.value};
    password.value = '';
    dialog.close();
    settle(credentials);
  });
  cancel.addEventListener('click', () => {
    dialog.close();
    settle(null);
  });
  dialog.addEventListener('cancel', (event) => {
    // Escape key: treat like the cancel button.
    event.preventDefault();
    dialog.close();
    settle(null);
  });

  return (reason) =>
    new Promise((resolve) => {
      settle = (value) => {
        settle = () => {};
        resolve(value);
      };
      message.textContent = reason ? `登录失败：${reason}` : '';
      message.hidden = !reason;
      if (!dialog.open) {
        dialog.showModal();
      }
      (username.value ? password : username).focus();
    });
}
