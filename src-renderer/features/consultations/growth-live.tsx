// The child's WHO z-scores while the nurse types weight and length/height (children under 5):
// weight-for-age, length/height-for-age and weight-for-length/height, each with WHO's finding.
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { assessGrowth, loadWhoGrowthTables, type GrowthAssessment, type Sex, type WhoGrowthTables, type ZScore } from '../../../src-core/clinical';
import type { PositionChoice } from './consultation-form';
import { effectivePosition } from './consultation-resources';
import { parseDecimal } from './vital-signs';

type TablesState = { status: 'loading' } | { status: 'ready'; tables: WhoGrowthTables } | { status: 'failed' };

export interface GrowthLiveProps {
  readonly sex: Sex;
  readonly ageInDays: number;
  readonly weight: string;
  readonly height: string;
  readonly position: PositionChoice;
}

const usable = (n: number | undefined): number | undefined => (n === undefined || Number.isNaN(n) || n <= 0 ? undefined : n);

export function GrowthLive({ sex, ageInDays, weight, height, position }: GrowthLiveProps): ReactNode {
  const { t } = useTranslation();
  const [tables, setTables] = useState<TablesState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    loadWhoGrowthTables().then(
      (loaded) => {
        if (live) setTables({ status: 'ready', tables: loaded });
      },
      () => {
        if (live) setTables({ status: 'failed' });
      },
    );
    return () => {
      live = false;
    };
  }, []);

  const weightKg = usable(parseDecimal(weight));
  const lengthHeightCm = usable(parseDecimal(height));
  let assessment: GrowthAssessment | undefined;
  if (tables.status === 'ready' && (weightKg !== undefined || lengthHeightCm !== undefined)) {
    assessment = assessGrowth(tables.tables, {
      sex,
      ageInDays,
      ...(weightKg === undefined ? {} : { weightKg }),
      ...(lengthHeightCm === undefined ? {} : { lengthHeightCm }),
      position: effectivePosition(position, ageInDays),
    });
  }

  const row = (label: string, score: ZScore | undefined): ReactNode => {
    if (score === undefined) return null;
    const finding = assessment?.findings.find((f) => f.indicator === score.indicator);
    const z = score.z > 0 ? `+${score.z.toFixed(2)}` : score.z.toFixed(2);
    return (
      <tr key={score.indicator}>
        <th scope="row">{label}</th>
        <td>{t('consultationsArea.growth.z', { z })}</td>
        <td className={finding === undefined ? 'growth-ok' : 'growth-flag'}>
          {finding === undefined ? t('consultationsArea.growth.normal') : t(`consultationsArea.growth.findings.${finding.code}`)}
        </td>
      </tr>
    );
  };

  return (
    <section className="growth-live" aria-labelledby="growth-live-title" aria-live="polite">
      <h3 id="growth-live-title">{t('consultationsArea.sections.growth')}</h3>
      {tables.status === 'loading' ? <p className="hint">{t('consultationsArea.growth.loading')}</p> : null}
      {tables.status === 'failed' ? <p className="field-error">{t('consultationsArea.growth.loadError')}</p> : null}
      {tables.status === 'ready' && assessment === undefined ? <p className="hint">{t('consultationsArea.growth.needs')}</p> : null}
      {assessment === undefined ? null : (
        <>
          <table className="table growth-table">
            <tbody>
              {row(t('consultationsArea.growth.weightForAge'), assessment.weightForAge)}
              {row(t('consultationsArea.growth.lengthHeightForAge'), assessment.lengthHeightForAge)}
              {row(t('consultationsArea.growth.weightForLengthHeight'), assessment.weightForLengthHeight)}
            </tbody>
          </table>
          {assessment.issues
            .filter((i) => i.details?.text !== undefined)
            .map((i) => (
              <p key={`${i.code}-${i.diagnostics ?? ''}`} className="field-warning-text">
                {i.details?.text}
              </p>
            ))}
        </>
      )}
    </section>
  );
}
