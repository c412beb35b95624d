import type { Locale } from '../findings.js';
import type { Meeting, Room } from '../schemas/meeting.js';
import { placeName } from './meeting.js';

/** A TEXT value escaped as RFC 5545 §3.3.11 asks: backslash, semicolon, comma and line breaks; other control characters dropped. */
export function icsText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '');
}

const encoder = /* @__PURE__ */ new TextEncoder();

/**
 * One content line folded as RFC 5545 §3.1 asks: no line longer than 75 octets (UTF-8) without its
 * CRLF, each continuation starting with one space; a character is never split across lines.
 */
export function foldIcsLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    if (octets + size > 75) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n');
}

/** An instant as an iCalendar UTC date-time: `20261207T081500Z`. */
const utc = (at: string | number) => new Date(at).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

export interface IcsOptions {
  /** The municipality's rooms (`TenantSettings.rooms`), for a room's name. */
  rooms?: readonly Room[];
  /** DTSTAMP: when the file is made; default the meeting's `bookedAt`, else its start. */
  now?: string | number;
  /** The domain that makes the UID globally unique. Default `samspil.dk`. */
  domain?: string;
}

const SUMMARY: Record<Locale, string> = { da: 'Netværksmøde', en: 'Network meeting' };

/**
 * A meeting as an iCalendar file (RFC 5545) for the case system to offer: one VEVENT with its UID,
 * DTSTAMP, DTSTART and DTEND in UTC, SEQUENCE, STATUS (cancelled or confirmed), a SUMMARY naming only
 * the case reference (no names), and the LOCATION (the room's name, or the link, also as URL). Lines
 * end in CRLF and are folded at 75 octets.
 */
export function meetingIcs(meeting: Meeting, caseRef: string, locale: Locale = 'da', options: IcsOptions = {}): string {
  const place = meeting.place;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:-//Samspil//Samspil ${locale === 'da' ? 'netværksmøde' : 'network meeting'}//${locale.toUpperCase()}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${icsText(`meeting-${meeting.id}@${options.domain ?? 'samspil.dk'}`)}`,
    `DTSTAMP:${utc(options.now ?? meeting.bookedAt ?? meeting.startsAt)}`,
    `DTSTART:${utc(meeting.startsAt)}`,
    `DTEND:${utc(meeting.endsAt)}`,
    `SEQUENCE:${meeting.sequence}`,
    `STATUS:${meeting.state === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
    `SUMMARY;LANGUAGE=${locale}:${icsText(`${SUMMARY[locale]} ${caseRef}`)}`,
    `LOCATION:${icsText(placeName(place, options.rooms))}`,
    ...(place.kind === 'link' ? [`URL:${place.url}`] : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldIcsLine).join('\r\n') + '\r\n';
}
