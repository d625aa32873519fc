// The studio's banners: one error banner (#error, role=alert) and one notice line (#notice,
// role=status) shared by every view through ctx.banner. Messages are kept as i18n keys with their
// parameters, so a language switch re-renders them; the text goes in with textContent only.

const messageOf = e => (e && typeof e === 'object' && 'message' in e ? e.message : String(e));

/** @param {(key: string, params?: object) => string} t */
export function createBanner(t) {
  const $ = id => document.getElementById(id);
  let error = null;    // {key, params}
  let notice = null;   // {key, params}
  let noticeTimer = null;

  const banner = {
    /** Shows an error: error('error.load', e) puts the message of `e` into the key's {message}. */
    error(key, e) {
      error = { key, params: { message: messageOf(e) } };
      banner.render();
    },
    clear() { error = null; banner.render(); },
    get shown() { return error !== null; },
    /** A short confirmation ("Imported 120 products"), cleared after a while. */
    notice(key, params = {}) {
      notice = { key, params };
      clearTimeout(noticeTimer);
      noticeTimer = setTimeout(() => { notice = null; banner.render(); }, 8000);
      banner.render();
    },
    render() {
      $('error').hidden = !error;
      $('error-message').textContent = error ? t(error.key, error.params) : '';
      $('notice').hidden = !notice;
      $('notice').textContent = notice ? t(notice.key, notice.params) : '';
    },
  };
  $('error-dismiss').addEventListener('click', () => banner.clear());
  return banner;
}

export { messageOf };
