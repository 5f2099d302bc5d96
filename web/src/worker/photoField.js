/**
 * Photos from the camera (`capture="environment"`) or the gallery, uploaded at
 * once with `POST /api/photos` (the image as the raw body), shown as
 * thumbnails; a refused or failed upload says why and can be retried.
 * @module worker/photoField
 */

import {el} from '../dom.js';
import {fieldRow, uniqueId} from './form.js';
import {prepareForUpload} from './photoPrep.js';
import {photoErrorMessage} from './problems.js';

/**
 * @typedef {import('./draft.js').DraftPhoto} DraftPhoto
 */

/**
 * @typedef {Object} PhotoField
 * @property {HTMLElement} element The field row.
 * @property {function(): Array<DraftPhoto>} photos Uploaded photos, in order.
 * @property {function(Array<DraftPhoto>): void} setPhotos Shows photos uploaded earlier (a restored draft).
 * @property {function(): boolean} busy Whether an upload is still running.
 * @property {function(Array<string>|undefined): void} showErrors Messages for the field.
 */

/**
 * @typedef {Object} Tile
 * @property {HTMLElement} element Thumbnail tile.
 * @property {DraftPhoto|null} photo The uploaded photo, once uploaded.
 * @property {boolean} uploading Upload running.
 */

/**
 * @param {Object} options Options.
 * @param {{send: function(string, import('../api.js').SendInit): Promise<import('../api.js').SendResult>}} options.api API client.
 * @param {import('./photoLoader.js').PhotoLoader} options.loader Photo URLs.
 * @param {string} options.label Label.
 * @param {number} options.max Most photos.
 * @param {boolean} [options.required] Marked as required.
 * @param {function(Array<DraftPhoto>): void} [options.onChange] Called when the uploaded set changes.
 * @param {string} [options.name] Field name (default `photos`).
 * @return {PhotoField} The field.
 */
export function createPhotoField(options) {
  const name = options.name || 'photos';
  /** @type {Array<Tile>} */
  const tiles = [];
  const grid = el('div', {class: 'wk-photos'});
  const cameraId = uniqueId('camera');
  const camera = el('input', {
    type: 'file',
    accept: 'image/*',
    capture: 'environment',
    name: 'camera',
    id: cameraId,
    class: 'wk-file',
  });
  const gallery = el('input', {type: 'file', accept: 'image/*', multiple: true, name: 'gallery', class: 'wk-file'});
  const cameraButton = el('label', {class: 'wk-button wk-button--photo', for: cameraId}, ['拍照']);
  const galleryButton = el('label', {class: 'wk-button wk-button--ghost'}, ['从相册选', gallery]);
  const buttons = el('div', {class: 'wk-photos__buttons'}, [cameraButton, camera, galleryButton]);
  const control = el('div', {class: 'wk-photos__box'}, [grid, buttons]);
  const row = fieldRow(name, options.label, control, {
    required: options.required,
    hint: `最多 ${options.max} 张；大照片会先压缩再上传，省流量。`,
  });

  const changed = () => {
    buttons.hidden = tiles.length >= options.max;
    options.onChange?.(photos());
  };

  /** @return {Array<DraftPhoto>} Uploaded photos. */
  function photos() {
    return tiles.filter((t) => t.photo).map((t) => /** @type {DraftPhoto} */ (t.photo));
  }

  /**
   * @param {Tile} tile Tile.
   */
  function remove(tile) {
    const i = tiles.indexOf(tile);
    if (i >= 0) {
      tiles.splice(i, 1);
      tile.element.remove();
      changed();
    }
  }

  /**
   * @param {string|null} src Image URL, or `null` while unknown.
   * @return {{tile: Tile, img: HTMLImageElement, status: HTMLElement, retry: HTMLButtonElement}} A new tile.
   */
  function addTile(src) {
    const img = el('img', {class: 'wk-photo__img', alt: '现场照片'});
    if (src) {
      img.src = src;
    }
    const status = el('span', {class: 'wk-photo__status', 'aria-live': 'polite'});
    const retry = el('button', {type: 'button', class: 'wk-photo__retry'}, ['重试']);
    retry.hidden = true;
    const removeButton = el('button', {type: 'button', class: 'wk-photo__remove', 'aria-label': '删除照片'}, ['×']);
    const element = el('figure', {class: 'wk-photo'}, [img, status, retry, removeButton]);
    /** @type {Tile} */
    const tile = {element, photo: null, uploading: false};
    removeButton.addEventListener('click', () => remove(tile));
    tiles.push(tile);
    grid.append(element);
    return {tile, img, status, retry};
  }

  /**
   * @param {File} file Photo.
   */
  function upload(file) {
    if (tiles.length >= options.max) {
      row.showErrors([`最多 ${options.max} 张照片`]);
      return;
    }
    const local = URL.createObjectURL(file);
    const {tile, status, retry} = addTile(local);
    const attempt = async () => {
      tile.uploading = true;
      retry.hidden = true;
      tile.element.classList.remove('wk-photo--failed');
      tile.element.classList.add('wk-photo--uploading');
      status.textContent = '上传中…';
      try {
        const blob = await prepareForUpload(file);
        const result = await options.api.send('/api/photos', {method: 'POST', blob});
        const p = result.body;
        tile.photo = {id: p.id, width: p.width, height: p.height, bytes: p.bytes};
        options.loader.remember(p.id, blob);
        tile.element.dataset.photoId = p.id;
        tile.element.classList.remove('wk-photo--uploading');
        tile.element.classList.add('wk-photo--done');
        status.textContent = '已上传';
        row.showErrors(undefined);
        if (tiles.includes(tile)) {
          changed();
        }
      } catch (error) {
        tile.element.classList.remove('wk-photo--uploading');
        tile.element.classList.add('wk-photo--failed');
        status.textContent = '未上传';
        const message = photoErrorMessage(error);
        row.showErrors([message]);
        const transient = error && typeof error === 'object' && 'status' in error && (error.status === 0 || Number(error.status) >= 500);
        retry.hidden = !transient;
      } finally {
        tile.uploading = false;
      }
    };
    retry.addEventListener('click', attempt);
    attempt();
  }

  for (const input of [camera, gallery]) {
    input.addEventListener('change', () => {
      for (const file of Array.from(input.files || [])) {
        upload(file);
      }
      input.value = '';
    });
  }

  return {
    element: row.element,
    photos,
    setPhotos(list) {
      for (const tile of [...tiles]) {
        remove(tile);
      }
      for (const p of list) {
        const {tile, img, status} = addTile(null);
        tile.photo = p;
        tile.element.dataset.photoId = p.id;
        tile.element.classList.add('wk-photo--done');
        status.textContent = '已上传';
        options.loader.url(p.id).then(
          (url) => {
            img.src = url;
          },
          () => {
            status.textContent = '已上传（预览加载失败）';
          },
        );
      }
      changed();
    },
    busy: () => tiles.some((t) => t.uploading),
    showErrors: row.showErrors,
  };
}
