// What the desks say, in Swedish (the staff's language; the code and the protocol stay in English).
// Every label the pages build lives here, so another language is one more table.

export const sv = {
  agentState: {
    logged_out: 'Utloggad från köerna',
    available: 'Redo för samtal',
    ringing: 'Det ringer',
    on_call: 'I samtal',
    wrap_up: 'Efterarbete',
    paused: 'Paus',
    unknown: 'Okänd (ingen anslutning)',
    no_agent: 'Ingen agent i kontaktcentret har ditt användar-id',
  },
  // "Det gick inte att <command> eftersom <state>": a conflict (the state changed as the agent asked) in words.
  command: {
    available: 'bli redo för samtal', pause: 'pausa', logout: 'logga ut från köerna', endWrapUp: 'avsluta efterarbetet',
  },
  becauseState: {
    logged_out: 'du är utloggad från köerna', available: 'du är redo för samtal', ringing: 'det ringer hos dig',
    on_call: 'du är i samtal', wrap_up: 'du har efterarbete', paused: 'du har paus',
  },
  pauseReason: {
    lunch: 'Lunch', break: 'Rast', training: 'Utbildning', meeting: 'Möte', admin: 'Administration',
    // routing's own reason (Agent.MISSED_CALL) when it pauses an agent who let calls ring out
    'missed call': 'Missat samtal',
  },
  callState: {
    ringing: 'Ringer', answered: 'Besvarat', transferred: 'Kopplat vidare', ended: 'Avslutat',
    withdrawn: 'Återkallat (besvarades av någon annan eller medborgaren lade på)',
    gone: 'Inte längre hos dig (avslutat medan anslutningen var borta)',
  },
  outcome: {
    open: 'Pågår', answered: 'Besvarat', abandoned: 'Lade på i kön', transferred: 'Kopplat vidare',
    callback: 'Återuppringning', ended_in_ivr: 'Avslutat i röstmenyn', closed: 'Avslutat',
    unknown: 'Okänt (avslutades när ingen följde växeln)',
  },
  resolution: {
    resolved_first_contact: 'Löst vid första kontakten',
    transferred_to_back_office: 'Överlämnat till handläggare',
    callback_booked: 'Återuppringning bokad',
    no_action: 'Ingen åtgärd',
  },
  matterStatus: { open: 'Ny', claimed: 'Tagen', closed: 'Stängd' },
  timeline: {
    transferred: 'Överlämnat', claimed: 'Taget', released: 'Släppt', closed: 'Stängt', anonymised: 'Avidentifierat',
    call_back_placed: 'Återuppringning startad', officer_phone: 'Handläggarens telefon', call_back_ended: 'Återuppringning klar',
    matter_claimed: 'Taget', matter_closed: 'Stängt',
  },
  connection: {
    connecting: 'Ansluter till växeln …',
    open: 'Ansluten till växeln',
    closed: 'Ingen anslutning till växeln. Försöker igen …',
  },
  socketError: {
    bad_message: 'Växeln förstod inte meddelandet',
    unauthenticated: 'Inloggningen gäller inte längre',
    forbidden: 'Du får inte göra det',
    not_found: 'Finns inte (längre)',
    conflict: 'Går inte i det här läget',
    unavailable: 'Växeln kan inte just nu',
    offline: 'Ingen anslutning till växeln',
    not_received: 'Växeln fick det aldrig innan anslutningen bröts, så det är inte gjort. Försök igen',
    unknown: 'Anslutningen bröts innan växeln svarade, och det går inte att säga om det blev gjort. Kontrollera och försök igen om det behövs',
  },
  stateNow: 'Läget nu:',
};

export function label(table, key) {
  return (table && table[key]) || key || '–';
}

const dateTime = new Intl.DateTimeFormat('sv-SE', { dateStyle: 'medium', timeStyle: 'short' });
const time = new Intl.DateTimeFormat('sv-SE', { timeStyle: 'short' });

export function formatDateTime(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

export function formatTime(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : time.format(d);
}

/** 75 -> "1 min 15 s" */
export function formatSeconds(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(Number(seconds))) return '–';
  const s = Math.round(Number(seconds));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m} min ${s % 60} s` : `${s} s`;
}

// The wallboard's words (wallboard.html, js/wallboard.js, js/daycharts.js, js/history.js).
export const wb = {
  state: { available: 'Redo', ringing: 'Ringer', on_call: 'I samtal', wrap_up: 'Efterarbete', paused: 'Paus', logged_out: 'Utloggad' },
  stateOrder: ['available', 'ringing', 'on_call', 'wrap_up', 'paused', 'logged_out'],
  belowTarget: 'Under målet',
  onTarget: 'Når målet',
  noFigure: 'Inget värde ännu',
  open: 'Öppen',
  closed: 'Stängd',
  connection: {
    connecting: 'Ansluter till växeln …',
    open: 'Ansluten till växeln. Siffrorna uppdateras varje sekund.',
    closed: 'Ingen anslutning till växeln. Siffrorna kan vara gamla. Försöker igen …',
  },
  noHistory: 'Historiken är inte tillgänglig.',
  historyFailed: 'Historiken kunde inte hämtas just nu.',
  historyEmpty: 'Inga tidigare dagar att visa ännu.',
};

const percent = new Intl.NumberFormat('sv-SE', { style: 'percent', maximumFractionDigits: 0 });

/** 0.8 -> "80 %"; null -> "–" (no figure: not 0 %). */
export function formatPercent(share) {
  return share === null || share === undefined || Number.isNaN(Number(share)) ? '–' : percent.format(share);
}
