//! The mail outbox page (ADMIN): waiting, sent and failed mails; failed ones can be sent again.

use leptos::{prelude::*, task::spawn_local};

use crate::{
    api::{self, ApiError, MailOutbox, ResendMail, mail_outbox, resend_mail},
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
