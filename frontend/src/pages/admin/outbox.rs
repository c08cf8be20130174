//! The mail outbox page (ADMIN): waiting, sent and failed mails; failed ones can be sent again.

use leptos::{prelude::*, task::spawn_local};

use crate::{
    api::{self, ApiError, Backups, MailOutbox, ResendMail, backups, mail_outbox, resend_mail},
    components::{data_table::DataTable, feedback::loaded, form::FormError, labels::instant},
    i18n::*,
    session::use_session,
};

/// The outbox page: what waits, what left, what failed; failed mails can be sent
/// again, e.g. after the SMTP server was repaired.
#[component]
pub fn OutboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let data = session.resource(move || api::body::<MailOutbox>(mail_outbox::Variables));
    let error = RwSignal::new(None::<ApiError>);
    let resend = move |id: String| {
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            match session.call::<ResendMail>(resend_mail::Variables { id }, &lang).await {
                Ok(_) => data.refetch(),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <BackupStatus />
        <h1>{t_string!(i18n, outbox_title)}</h1>
        <p>{t_string!(i18n, outbox_lead)}</p>
        <FormError error=error />
        {loaded::<MailOutbox>(data, move |d| {
            view! {
                <DataTable headers=vec![
                    t_string!(i18n, outbox_created).to_string(),
                    t_string!(i18n, outbox_to).to_string(),
                    t_string!(i18n, outbox_subject).to_string(),
                    t_string!(i18n, outbox_state).to_string(),
                ]>
                    {d
                        .mail_outbox
                        .into_iter()
                        .map(|m| {
                            let id = m.id.clone();
                            let state = match (&m.sent_at, &m.failed_at) {
                                (Some(at), _) => {
                                    let date = instant(i18n, at, true);
                                    view! { {t!(i18n, outbox_sent, date = date.clone())} }.into_any()
                                }
                                (None, Some(_)) => {
                                    let attempts = m.attempts;
                                    view! { {t!(i18n, outbox_failed, count = attempts)} }.into_any()
                                }
                                (None, None) => {
                                    let date = instant(i18n, &m.next_attempt_at, true);
                                    view! { {t!(i18n, outbox_waiting, date = date.clone())} }.into_any()
                                }
                            };
                            let failed = m.failed_at.is_some();
                            view! {
                                <tr data-testid="outbox-row">
                                    <td>{instant(i18n, &m.created_at, true)}</td>
                                    <td>
                                        <bdi>{m.to}</bdi>
                                    </td>
                                    <td>{m.subject}</td>
                                    <td>
                                        {state}
                                        {failed
                                            .then(|| {
                                                view! {
                                                    " "
                                                    <button type="button" class="link-button" on:click=move |_| resend(id.clone())>
                                                        {t_string!(i18n, outbox_resend)}
                                                    </button>
                                                }
                                            })}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </DataTable>
            }
                .into_any()
        })}
    }
}

/// A day and a bit: a daily backup older than this is overdue.
const OVERDUE_MS: f64 = 26.0 * 3600.0 * 1000.0;

/// The daily backups: a warning when the newest failed or none succeeded for a day,
/// then the latest runs.
#[component]
fn BackupStatus() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let data = session.resource(move || api::body::<Backups>(backups::Variables));
    view! {
        <section aria-labelledby="backups-title" data-testid="backups">
            <h2 id="backups-title">{t_string!(i18n, backups_title)}</h2>
            {loaded::<Backups>(data, move |d| {
                let Some(newest) = d.backups.first() else {
                    return view! { <p class="notice" role="alert">{t_string!(i18n, backups_none)}</p> }.into_any();
                };
                let last_success = d.backups.iter().find(|b| b.succeeded).map(|b| js_sys::Date::parse(&b.started_at));
                let overdue = last_success.is_none_or(|t| js_sys::Date::now() - t > OVERDUE_MS);
                let warning = if !newest.succeeded {
                    Some(t_string!(i18n, backups_failed_warning))
                } else if overdue {
                    Some(t_string!(i18n, backups_overdue))
                } else {
                    None
                };
                let rows = d
                    .backups
                    .iter()
                    .map(|b| {
                        let outcome = match (&b.file, &b.error) {
                            (Some(file), None) => {
                                let size = format!("{:.1} MB", b.bytes.unwrap_or_default() / 1_000_000.0);
                                view! { <bdi>{file.clone()}</bdi> " (" {size} ")" }.into_any()
                            }
                            (_, Some(error)) => view! { <strong>{t_string!(i18n, backups_failed)}</strong> ": " <bdi>{error.clone()}</bdi> }.into_any(),
                            (None, None) => t_string!(i18n, backups_running).into_any(),
                        };
                        view! {
                            <tr>
                                <td>{instant(i18n, &b.started_at, true)}</td>
                                <td>{outcome}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    {warning.map(|w| view! { <p class="notice error" role="alert" data-testid="backup-warning">{w}</p> })}
                    <DataTable headers=vec![t_string!(i18n, backups_when).to_string(), t_string!(i18n, backups_outcome).to_string()]>
                        {rows}
                    </DataTable>
                }
                    .into_any()
            })}
        </section>
    }
}
