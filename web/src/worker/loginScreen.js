/**
 * The full-screen login of the phone page, used as the API client's
 * credentials prompt (it opens whenever the server answers 401).
 * @module worker/loginScreen
 */

import {el} from '../dom.js';
import {translateDetail} from './problems.js';

/**
 * @param {HTMLElement} parent Where the screen goes.
 * @param {{title?: string, hint?: string}} [text] Heading and hint (the phone page's by default).
 * @return {import('../api.js').CredentialsPrompt} Prompt: resolves with what the worker typed.
 */
export function createLoginScreen(parent, text = {}) {
  const username = el('input', {name: 'username', type: 'text', class: 'wk-input', autocomplete: 'username', autocapitalize: 'none', required: true});
  const password = el('input', {name: 'password', type: 'password', class: 'wk-input', autocomplete: 'current-password', required: true});
  const message = el('p', {class: 'wk-field__error', role: 'alert'});
  message.hidden = true;
  const submit = el('button', {type: 'submit', class: 'wk-button wk-button--primary wk-button--block', name: 'login'}, ['登录']);
  const form = el('form', {class: 'wk-login__form'}, [
    el('h2', {}, [text.title || '网格员登录']),
    el('p', {class: 'wk-field__hint'}, [text.hint || '登录后可随手拍上报、处置和核查案件。']),
    el('label', {class: 'wk-field__label'}, ['用户名', username]),
    el('label', {class: 'wk-field__label'}, ['密码', password]),
    message,
    submit,
  ]);
  const screen = el('div', {class: 'wk-login', role: 'dialog', 'aria-modal': 'true', 'aria-label': '登录'}, [form]);
  screen.hidden = true;
  parent.append(screen);

  /** @type {function(import('../api.js').Credentials): void} */
  let settle = () => {};
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!username.value.trim() || !password.value) {
      message.textContent = '请输入用户名和密码';
      message.hidden = false;
      return;
    }
    const credentials = {username: username.value.trim(), password: password.value};
    password.value = '';
    screen.hidden = true;
    settle(credentials);
  });

  return (reason) =>
    new Promise((resolve) => {
      settle = (value) => {
        settle = () => {};
        resolve(value);
      };
      message.textContent = reason ? `登录失败：${translateDetail(reason)}` : '';
      message.hidden = !reason;
      screen.hidden = false;
      (username.value ? password : username).focus();
    });
}
