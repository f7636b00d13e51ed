// What a PWA does against Sprocket's gateway, written as a PWA would: fetch for calls, the browser's
// native EventSource for live events (opened with a single-use stream ticket, so no token or cart
// secret sits in a URL), a resume position given at open. Driven by drive.cjs in headless Chromium.
window.pwa = (() => {
  const state = { events: [], lastEventId: null, source: null };

  async function call(gateway, method, path, { token, cartToken, body } = {}) {
    const headers = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers['Authorization'] = 'Bearer ' + token;
    if (cartToken) headers['X-Cart-Token'] = cartToken;
    try {
      const response = await fetch(gateway + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    } catch (error) {
      return { status: 0, error: String(error) }; // what a failed preflight looks like to a page
    }
  }

  async function login(gateway, email, password) {
    const result = await call(gateway, 'POST', '/api/identity/login', { body: { email, password } });
    if (result.status === 200) localStorage.setItem('accessToken', result.body.accessToken);
    return result.status;
  }

  /** A guest's cart: a token, then `writes` adds, each carrying the version it expects in its body. */
  async function guestWrites(gateway, partId, writes) {
    const created = await call(gateway, 'POST', '/api/carts/guest');
    if (created.status !== 201) return { created: created.status };
    const cartToken = created.body.guestToken;
    const statuses = [];
    let version = null;
    for (let i = 0; i < writes; i++) {
      const body = { partId, quantity: 1 };
      if (version !== null) body.expectedVersion = version;
      const result = await call(gateway, 'POST', '/api/carts/current/items', { cartToken, body });
      statuses.push(result.status);
      if (result.status === 200) version = result.body.version;
    }
    sessionStorage.setItem('cartToken', cartToken);
    return { created: created.status, statuses, version };
  }

  async function ticket(gateway, asGuest) {
    const options = asGuest
      ? { cartToken: sessionStorage.getItem('cartToken') }
      : { token: localStorage.getItem('accessToken') };
    for (let attempt = 0; attempt < 50; attempt++) {
      const result = await call(gateway, 'POST', '/api/realtime/tickets', options);
      // a guest cart is known to the hub a moment after its first item: try again shortly
      if (result.status !== 404) return result;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return { status: 404 };
  }

  /** Opens the browser's EventSource with a fresh ticket, resuming from `resumeFrom` when given. */
  async function openStream(gateway, asGuest, resumeFrom) {
    const issued = await ticket(gateway, asGuest);
    if (issued.status !== 201) return { ticket: issued.status };
    const url = gateway + issued.body.streamUrl + (resumeFrom ? '&lastEventId=' + encodeURIComponent(resumeFrom) : '');
    state.events = [];
    const source = new EventSource(url);
    state.source = source;
    const record = (type) => (event) => {
      state.events.push({ type, id: event.lastEventId, data: event.data });
      if (event.lastEventId) state.lastEventId = event.lastEventId;
    };
    for (const type of ['cart.changed.v1', 'resync', 'end']) source.addEventListener(type, record(type));
    const opened = await new Promise((resolve) => {
      source.onopen = () => resolve(true);
      source.onerror = () => resolve(false);
      setTimeout(() => resolve(false), 10000);
    });
    return { ticket: 201, opened, urlHasSecret: url.includes(localStorage.getItem('accessToken') || '\u0000')
      || url.includes(sessionStorage.getItem('cartToken') || '\u0000') };
  }

  function closeStream() {
    if (state.source) state.source.close();
    state.source = null;
    return state.lastEventId;
  }

  async function waitForEvents(count, millis) {
    const deadline = Date.now() + millis;
    while (state.events.length < count && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return state.events;
  }

  async function addAsUser(gateway, partId) {
    const result = await call(gateway, 'POST', '/api/carts/current/items', {
      token: localStorage.getItem('accessToken'),
      body: { partId, quantity: 1 },
    });
    return result.status;
  }

  async function addAsGuest(gateway, partId) {
    const result = await call(gateway, 'POST', '/api/carts/current/items', {
      cartToken: sessionStorage.getItem('cartToken'),
      body: { partId, quantity: 1 },
    });
    return result.status;
  }

  return { login, guestWrites, openStream, closeStream, waitForEvents, addAsUser, addAsGuest };
})();
