/**
 * The rule set as a form: general settings, points per event type with weights, daily caps, working
 * hours, tiers and the burnout guard, one `*-section.tsx` each. Every input carries the
 * document path it edits (`data-path`) and shows the problems placed at that path right under it.
 */
import { BurnoutSection } from './burnout-section.js';
import { CapsSection } from './caps-section.js';
import { GeneralSection } from './general-section.js';
import { PointsSection } from './points-section.js';
import { TiersSection } from './tiers-section.js';
import { WorkingHoursSection } from './working-hours-section.js';

export function RuleSetFields({ readOnly }: { readOnly: boolean }) {
  return (
    <fieldset className="admin-rules-form" disabled={readOnly}>
      <GeneralSection />
      <PointsSection />
      <CapsSection />
      <WorkingHoursSection />
      <TiersSection />
      <BurnoutSection />
    </fieldset>
  );
}
