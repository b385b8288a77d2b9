// The desk's WebSocket to the switchboard, as switchboard/src/main/java/se/vaxel/desks/PROTOCOL.md says:
// hello with the token first (never in the URL), every message from the desk with an id answered by ok or
// error naming it in ref, every message from the switchboard with a seq; on a reconnect hello carries
// resume (the last seq seen): what was missed comes first, then the welcome (resumed: true, or false when
// the switchboard no longer had it all: start from the welcome's picture); anything already seen is dropped,
// and an ok or error naming a ref this desk does not know (another tab's) too.
// A command sent before a drop stays pending (never sent twice): hello names it in pending, and its answer comes
// after the reconnect, replayed or late, or as not_received (never carried out) or unknown (judge from the welcome).

const MAX_BACKOFF_MS = 30000;

export class DeskSocket {
  /**
   * @param token the session token (POST /api/session)
   * @param handlers onMessage(msg) for welcome, agentState, pop, callUpdate, matter and unsolicited errors;
   *   onStatus('connecting' | 'open' | 'closed'); onUnauthenticated('expired' | 'logged_out'); onForbidden() when
   *   the switchboard closes with 4403 (the wallboard's socket, for a role that may not watch; the desks' never does)
   */
  constructor(token, { onMessage, onStatus, onUnauthenticated, onForbidden, url } = {}) {
    this.token = token;
    this.onMessage = onMessage || (() => {});
    this.onStatus = onStatus || (() => {});
    this.onUnauthenticated = onUnauthenticated || (() => {});
    this.onForbidden = onForbidden || (() => this.onUnauthenticated('expired'));
    this.url = url || `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/desk`;
    this.lastSeq = null;
    this.nextId = 1;
    // Ids unique in the session, which outlives a page (a reload, a second tab): the switchboard knows commands by id.
    this.idPrefix = Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => b.toString(16).padStart(2, '0')).join('');
    this.pending = new Map();
    this.welcomed = false;
    this.backoff = 1000;
    this.stopped = false;
    this.ws = null;
  }

  get connected() {
    return this.welcomed && this.ws && this.ws.readyState === WebSocket.OPEN;
  }

  connect() {
    this.stopped = false;
    this.welcomed = false;
    this.onStatus('connecting');
    let ws;
    try {
      ws = new WebSocket(this.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.addEventListener('open', () => {
      const hello = { type: 'hello', id: this.newId(), token: this.token };
      if (this.lastSeq !== null) hello.resume = this.lastSeq;
      if (this.pending.size > 0) hello.pending = [...this.pending.keys()].slice(-64); // the protocol's most
      ws.send(JSON.stringify(hello));
    });
    ws.addEventListener('message', (event) => this.receive(event.data));
    ws.addEventListener('close', (event) => {
      if (this.ws !== ws) return;
      this.welcomed = false;
      this.onStatus('closed');
      if (event.code === 4401) {
        this.loggedOut(event.reason === 'logged_out' ? 'logged_out' : 'expired');
        return;
      }
      if (event.code === 4403) {
        this.stopped = true;
        this.rejectPending('forbidden');
        this.onForbidden();
        return;
      }
      this.scheduleReconnect(); // what is pending stays so: its answer comes after the reconnect
    });
  }

  scheduleReconnect() {
    if (this.stopped) return;
    const wait = this.backoff;
    this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
    this.timer = setTimeout(() => this.connect(), wait);
  }

  close() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.rejectPending('offline');
    if (this.ws) this.ws.close(1000);
  }

  /** The log-in has ended (4401): nothing pending will be answered; the page goes back to log-in. */
  loggedOut(how) {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    this.rejectPending('unauthenticated');
    this.onUnauthenticated(how);
  }

  rejectPending(code) {
    for (const { reject } of this.pending.values()) reject(errorOf({ code }));
    this.pending.clear();
  }

  newId() {
    return `${this.idPrefix}-${this.nextId++}`;
  }

  receive(data) {
    let msg;
    try {
      msg = JSON.parse(data);
    } catch {
      return;
    }
    if (msg.type === 'welcome') {
      // The welcome comes last (after what a resume replays) and is the newest: count from it, also when the
      // switchboard started the session afresh (resumed: false, a lower seq).
      if (typeof msg.seq === 'number') this.lastSeq = msg.seq;
      this.welcomed = true;
      this.backoff = 1000;
      this.onStatus('open');
      this.onMessage(msg);
      return;
    }
    if (typeof msg.seq === 'number') {
      if (this.lastSeq !== null && msg.seq <= this.lastSeq) return; // seen before the reconnect
      this.lastSeq = msg.seq;
    }
    if ((msg.type === 'ok' || msg.type === 'error') && msg.ref && this.pending.has(msg.ref)) {
      const { resolve, reject } = this.pending.get(msg.ref);
      this.pending.delete(msg.ref);
      if (msg.type === 'ok') resolve(msg);
      else reject(errorOf(msg));
      return;
    }
    if (msg.type === 'error' && msg.code === 'unauthenticated') {
      this.loggedOut(msg.ended === 'logged_out' ? 'logged_out' : 'expired');
      return;
    }
    if ((msg.type === 'ok' || msg.type === 'error') && msg.ref) return; // not ours: another tab's
    this.onMessage(msg);
  }

  /** Sends a message; resolves with the switchboard's ok, rejects with its error (an Error with .code). */
  send(type, fields = {}) {
    if (!this.connected) return Promise.reject(errorOf({ code: 'offline' }));
    const id = this.newId();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ ...fields, type, id }));
    });
  }
}

function errorOf(msg) {
  const e = new Error(msg.message || msg.code);
  e.code = msg.code;
  return e;
}
