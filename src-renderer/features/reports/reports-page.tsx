import { useMemo, useState, type ReactNode } from 'react';
import { systemClock } from '../../../src-core/platform/clock';
import { AGE_GROUPS, monthlyReport, openDataCsv, reportCsv, type AgeGroup, type MonthlyReport, type ReportSex } from '../../../src-core/reports';
import { usePlatform } from '../../platform/platform-context';
import { useSession } from '../../session';
import { Page } from '../../ui/page';
import { downloadText } from './download-text';
import { isReportMonth, previousMonth } from './report-month';
import { ES } from './strings';
import { useReportData, type ReportData } from './use-report-data';
import './reports.css';

// The monthly report for the district office (issue 8 item 3): pick a month, read its figures,
// download them as CSV (full or open data) or print them. Administrators only.
export function ReportsPage(): ReactNode {
  const { user } = useSession();
  return <Page title={ES.title}>{user.role === 'admin' ? <MonthlyReportView /> : <p className="notice">{ES.adminOnly}</p>}</Page>;
}

function MonthlyReportView(): ReactNode {
  const data = useReportData();
  const [month, setMonth] = useState(() => previousMonth(systemClock.now()));
  switch (data.status) {
    case 'loading':
      return <p role="status">{ES.loading}</p>;
    case 'failed':
      return (
        <p role="alert" className="notice">
          {ES.failed.replace('{detail}', data.detail)}
        </p>
      );
    case 'ready':
      return <ReportForMonth data={data.value} month={month} onMonth={setMonth} />;
  }
}

function ReportForMonth({ data, month, onMonth }: { data: ReportData; month: string; onMonth: (month: string) => void }): ReactNode {
  const platform = usePlatform();
  const report = useMemo(
    () => (isReportMonth(month) ? monthlyReport({ month, resources: data.resources, growthTables: data.growthTables }) : null),
    [data, month],
  );
  return (
    <>
      <div className="report-controls">
        <label>
          {ES.month}
          <input
            type="month"
            value={month}
            required
            onChange={(e) => {
              if (isReportMonth(e.target.value)) onMonth(e.target.value);
            }}
          />
        </label>
        <button type="button" disabled={report === null} onClick={() => {
            if (report) downloadText(reportCsv(report), `informe-${month}.csv`);
          }}>
          {ES.downloadCsv}
        </button>
        <button type="button" disabled={report === null} onClick={() => {
            if (report) downloadText(openDataCsv(report), `datos-abiertos-${month}.csv`);
          }}>
          {ES.downloadOpenData}
        </button>
        <button type="button" disabled={report === null} onClick={() => void platform.print(`informe-${month}.pdf`)}>
          {ES.print}
        </button>
      </div>
      <p className="hint report-hint">{ES.openDataHint}</p>
      {report && <ReportTables report={report} />}
    </>
  );
}

const SEXES: readonly ReportSex[] = ['female', 'male', 'other'];
const ageLabel = (group: AgeGroup): string => (group === '<1' ? ES.consultations.under1 : group === '60+' ? ES.consultations.over60 : group);

function ReportTables({ report }: { report: MonthlyReport }): ReactNode {
  const c = report.consultations;
  const [year, mon] = report.month.split('-');
  return (
    <section className="report-tables" aria-label={`${ES.title} ${mon ?? ''}/${year ?? ''}`}>
      <table className="report-table">
        <caption>
          {ES.consultations.caption} ({mon}/{year})
        </caption>
        <thead>
          <tr>
            <th scope="col">{ES.consultations.ageGroup}</th>
            {SEXES.map((sex) => (
              <th scope="col" className="count" key={sex}>
                {ES.consultations[sex]}
              </th>
            ))}
            <th scope="col" className="count">
              {ES.consultations.total}
            </th>
          </tr>
        </thead>
        <tbody>
          {AGE_GROUPS.map((group) => {
            const row = c.byAgeAndSex[group];
            return (
              <tr key={group}>
                <th scope="row">{ageLabel(group)}</th>
                {SEXES.map((sex) => (
                  <td className="count" key={sex}>
                    {row[sex]}
                  </td>
                ))}
                <td className="count">{row.female + row.male + row.other}</td>
              </tr>
            );
          })}
          <tr>
            <th scope="row">{ES.consultations.unknownAge}</th>
            <td colSpan={3} />
            <td className="count">{c.ageUnknown}</td>
          </tr>
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{ES.consultations.total}</th>
            {SEXES.map((sex) => (
              <td className="count" key={sex}>
                {AGE_GROUPS.reduce((sum, group) => sum + c.byAgeAndSex[group][sex], 0)}
              </td>
            ))}
            <td className="count">{c.total}</td>
          </tr>
        </tfoot>
      </table>

      <table className="report-table">
        <caption>{ES.diagnoses.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{ES.diagnoses.code}</th>
            <th scope="col">{ES.diagnoses.display}</th>
            <th scope="col" className="count">
              {ES.diagnoses.count}
            </th>
          </tr>
        </thead>
        <tbody>
          {report.topDiagnoses.length === 0 ? (
            <tr>
              <td colSpan={3}>{ES.diagnoses.none}</td>
            </tr>
          ) : (
            report.topDiagnoses.map((d) => (
              <tr key={d.code}>
                <th scope="row">{d.code}</th>
                <td>{d.display}</td>
                <td className="count">{d.count}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>

      <table className="report-table">
        <caption>{ES.vaccines.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{ES.vaccines.vaccine}</th>
            <th scope="col">{ES.vaccines.dose}</th>
            <th scope="col" className="count">
              {ES.vaccines.count}
            </th>
          </tr>
        </thead>
        <tbody>
          {report.immunizations.length === 0 ? (
            <tr>
              <td colSpan={3}>{ES.vaccines.none}</td>
            </tr>
          ) : (
            report.immunizations.map((v) => (
              <tr key={`${v.vaccine}|${String(v.dose)}`}>
                <th scope="row">{v.vaccine}</th>
                <td>{v.dose ?? ES.vaccines.doseUnknown}</td>
                <td className="count">{v.count}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>

      <CountTable
        caption={ES.growth.caption}
        head={[ES.growth.indicator, ES.growth.count]}
        rows={[
          [ES.growth.measured, report.growth.measured],
          [ES.growth.wasting, report.growth.wasting],
          [ES.growth.stunting, report.growth.stunting],
          [ES.growth.underweight, report.growth.underweight],
        ]}
      />
      <CountTable
        caption={ES.activity.caption}
        head={[ES.activity.item, ES.activity.count]}
        rows={[
          [ES.activity.referrals, report.referrals],
          [ES.activity.teleconsults, report.teleconsults],
        ]}
      />
    </section>
  );
}

function CountTable({ caption, head, rows }: { caption: string; head: readonly [string, string]; rows: readonly (readonly [string, number])[] }): ReactNode {
  return (
    <table className="report-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{head[0]}</th>
          <th scope="col" className="count">
            {head[1]}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, count]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td className="count">{count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
