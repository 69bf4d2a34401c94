/** A card of the connector page that lists what was loaded: its title, a load error, and either
 * the line saying there is nothing yet or the list. */
import type { ReactNode } from 'react';
import { useT } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { LoadFailed } from '../shared/ui.js';

export function DetailPanel({
  id,
  title,
  error,
  empty,
  none,
  children,
}: {
  /** The heading's id, which labels the card. */
  id: string;
  title: MessageKey;
  error: string | null;
  /** Nothing was loaded: `none` is shown instead of `children`. */
  empty: boolean;
  none: MessageKey;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <section className="admin-card" aria-labelledby={id}>
      <h3 id={id}>{t(title)}</h3>
      <LoadFailed message={error} />
      {empty ? <p className="admin-muted">{t(none)}</p> : children}
    </section>
  );
}
