import type { ForwardSettings } from './forwarder';
import { JsonLinesSink, SyslogSink, type AuditSink, type SyslogOrigin } from './sinks';

export {
  AuditForwarder,
  type CursorStore,
  type ForwardSettings,
  type ForwardSource,
  type ForwardStatus,
} from './forwarder';
export {
  ForwardConfigError,
  JsonLinesSink,
  parseSyslogUrl,
  SyslogSink,
  type AuditSink,
  type ForwardRecord,
  type SyslogOrigin,
} from './sinks';
export { formatRfc5424, octetCounted, OctetCountedReader } from './rfc5424';

/** The sinks the settings name (none when forwarding is off). */
export function sinksFor(
  settings: ForwardSettings,
  origin: SyslogOrigin,
  options: { settleMs?: number } = {},
): AuditSink[] {
  const sinks: AuditSink[] = [];
  if (settings.syslog) sinks.push(new SyslogSink(settings.syslog, origin, options.settleMs));
  if (settings.jsonLines) sinks.push(new JsonLinesSink(settings.jsonLines));
  return sinks;
}
