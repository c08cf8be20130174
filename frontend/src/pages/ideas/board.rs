//! The integration council's board: ideas and measures by status, topic and Ortsteil,
//! the coverage gaps with and without a measure, concerns per topic and per quarter
//! with the median days to a first answer and to closing; as files and printable.

use leptos::prelude::*;
use leptos_router::components::A;
use migraup_domain::IdeaStatus;

use crate::{
    api::{self, CouncilBoard, council_board},
    components::{feedback::loaded, select::Labelled},
    i18n::*,
    session::use_session,
};

fn download(href: String, name: &'static str, label: String, test_id: &'static str) -> impl IntoView {
    view! { <a class="button secondary no-print" href=href download=name data-testid=test_id>{label}</a> }
}

fn csv(text: &str) -> String {
    format!("data:text/csv;charset=utf-8,{}", js_sys::encode_uri_component(text))
}

fn days(v: Option<f64>) -> String {
    v.map(|d| format!("{d:.1}")).unwrap_or_else(|| "–".into())
}

/// The gaps of one topic: how many, with measures and ideas, and the Ortsteile still
/// without a measure (each a link that proposes one).
struct GapRow {
    topic: String,
    gaps: usize,
    measures: i64,
    ideas: i64,
    open: Vec<(String, String)>,
}

fn gap_rows(gaps: &[council_board::CouncilBoardCouncilBoardGaps]) -> Vec<GapRow> {
    let mut rows: Vec<GapRow> = Vec::new();
    for g in gaps {
        let (topic, district) = (g.topic.clone(), g.district.clone());
        let label = topic.as_ref().map(|t| t.label.clone()).unwrap_or_default();
        let index = match rows.iter().position(|r| r.topic == label) {
            Some(i) => i,
            None => {
                rows.push(GapRow { topic: label, gaps: 0, measures: 0, ideas: 0, open: Vec::new() });
                rows.len() - 1
            }
        };
        let row = &mut rows[index];
        row.gaps += 1;
        row.measures += g.measures;
        row.ideas += g.ideas;
        if g.measures == 0 {
            let href = format!(
                "/ideas/new?topic={}&district={}",
                topic.map(|t| t.id).unwrap_or_default(),
                district.as_ref().map(|d| d.id.clone()).unwrap_or_default()
            );
            row.open.push((district.map(|d| d.name).unwrap_or_default(), href));
        }
    }
    rows
}

/// The council's board.
#[component]
pub fn CouncilBoardPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let data = session.resource(move || api::body::<CouncilBoard>(council_board::Variables {}));
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <div class="page-head">
            <h1>{t_string!(i18n, council_title)}</h1>
            <button type="button" class="secondary no-print" on:click=print>{t_string!(i18n, council_print)}</button>
        </div>
        <p class="lead">{t_string!(i18n, council_lead)}</p>
        {loaded::<CouncilBoard>(data, move |d| {
            let b = d.council_board;
            let status_head = move || IdeaStatus::ALL.iter().map(|s| view! { <th scope="col">{s.label(i18n)}</th> }).collect_view();
            let xlsx = format!("data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,{}", b.xlsx_base64);
            let gaps_total = b.gaps.len() as i64;
            view! {
                <p class="actions no-print">
                    {download(xlsx, "beirat.xlsx", t_string!(i18n, council_download_xlsx).to_string(), "board-xlsx")}
                    {download(csv(&b.ideas_csv), "ideen.csv", format!("{} · {}", t_string!(i18n, council_download_csv), t_string!(i18n, council_by_topic)), "board-ideas-csv")}
                    {download(csv(&b.gaps_csv), "luecken.csv", format!("{} · {}", t_string!(i18n, council_download_csv), t_string!(i18n, council_gaps)), "board-gaps-csv")}
                    {download(csv(&b.concerns_csv), "anliegen.csv", format!("{} · {}", t_string!(i18n, council_download_csv), t_string!(i18n, council_concerns)), "board-concerns-csv")}
                    {download(csv(&b.quarters_csv), "quartale.csv", format!("{} · {}", t_string!(i18n, council_download_csv), t_string!(i18n, council_quarters)), "board-quarters-csv")}
                </p>
                <section aria-labelledby="board-ideas-title" class="report-part">
                    <h2 id="board-ideas-title">{t_string!(i18n, council_ideas)}</h2>
                    <dl class="figures" data-testid="board-ideas">
                        {b.ideas.iter().map(|c| view! { <div><dt>{c.status.label(i18n)}</dt><dd>{c.count}</dd></div> }).collect_view()}
                    </dl>
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="board-topic-caption">
                        <table class="data">
                            <caption id="board-topic-caption">{t_string!(i18n, council_by_topic)}</caption>
                            <thead><tr><th scope="col">{t_string!(i18n, council_topic)}</th>{status_head()}</tr></thead>
                            <tbody>
                                {b.by_topic.iter().map(|r| view! {
                                    <tr>
                                        <th scope="row">{r.topic.as_ref().map(|t| t.label.clone()).unwrap_or_default()}</th>
                                        {r.counts.iter().map(|c| view! { <td>{c.count}</td> }).collect_view()}
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="board-district-caption">
                        <table class="data">
                            <caption id="board-district-caption">{t_string!(i18n, council_by_district)}</caption>
                            <thead><tr><th scope="col">{t_string!(i18n, council_district)}</th>{status_head()}</tr></thead>
                            <tbody>
                                {b.by_district.iter().map(|r| view! {
                                    <tr>
                                        <th scope="row">{r.district.as_ref().map(|t| t.name.clone()).unwrap_or_default()}</th>
                                        {r.counts.iter().map(|c| view! { <td>{c.count}</td> }).collect_view()}
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                </section>
                <section aria-labelledby="board-gaps-title" class="report-part">
                    <h2 id="board-gaps-title">{t_string!(i18n, council_gaps)}</h2>
                    <p data-testid="board-gaps-summary">{t!(i18n, council_gaps_summary, with = b.gaps_with_measure.to_string(), all = gaps_total.to_string())}</p>
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="board-gaps-title">
                        <table class="data" data-testid="board-gaps">
                            <thead>
                                <tr>
                                    <th scope="col">{t_string!(i18n, council_topic)}</th>
                                    <th scope="col">{t_string!(i18n, council_gap_count)}</th>
                                    <th scope="col">{t_string!(i18n, council_measures)}</th>
                                    <th scope="col">{t_string!(i18n, council_ideas_count)}</th>
                                    <th scope="col">{t_string!(i18n, council_without_measure)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {gap_rows(&b.gaps).into_iter().map(|row| view! {
                                    <tr>
                                        <th scope="row">{row.topic}</th>
                                        <td>{row.gaps}</td>
                                        <td>{row.measures}</td>
                                        <td>{row.ideas}</td>
                                        <td>
                                            <ul class="gap-places">
                                                {row.open.into_iter().map(|(name, href)| view! {
                                                    <li><A href=href attr:title=t_string!(i18n, coverage_propose)>{name}</A></li>
                                                }).collect_view()}
                                            </ul>
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                </section>
                <section aria-labelledby="board-concerns-title" class="report-part">
                    <h2 id="board-concerns-title">{t_string!(i18n, council_concerns)}</h2>
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="board-concerns-title">
                        <table class="data" data-testid="board-concerns">
                            <thead>
                                <tr>
                                    <th scope="col">{t_string!(i18n, council_topic)}</th>
                                    <th scope="col">{t_string!(i18n, council_open)}</th>
                                    <th scope="col">{t_string!(i18n, council_answered)}</th>
                                    <th scope="col">{t_string!(i18n, council_closed)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {b.concerns.iter().map(|c| view! {
                                    <tr>
                                        <th scope="row">{c.topic.as_ref().map(|t| t.label.clone()).unwrap_or_default()}</th>
                                        <td>{c.open}</td>
                                        <td>{c.answered}</td>
                                        <td>{c.closed}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <h3 id="board-quarters-title">{t_string!(i18n, council_quarters)}</h3>
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="board-quarters-title">
                        <table class="data" data-testid="board-quarters">
                            <thead>
                                <tr>
                                    <th scope="col">{t_string!(i18n, council_quarter)}</th>
                                    <th scope="col">{t_string!(i18n, council_raised)}</th>
                                    <th scope="col">{t_string!(i18n, council_answered)}</th>
                                    <th scope="col">{t_string!(i18n, council_closed)}</th>
                                    <th scope="col">{t_string!(i18n, council_median_answer)}</th>
                                    <th scope="col">{t_string!(i18n, council_median_close)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {b.quarters.iter().map(|q| view! {
                                    <tr>
                                        <th scope="row">{q.quarter.clone()}</th>
                                        <td>{q.raised}</td>
                                        <td>{q.answered}</td>
                                        <td>{q.closed}</td>
                                        <td>{days(q.median_days_to_answer)}</td>
                                        <td>{days(q.median_days_to_close)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                </section>
            }
                .into_any()
        })}
    }
}
