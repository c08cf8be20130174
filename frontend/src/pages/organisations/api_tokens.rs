//! An organisation's integration tokens: programs (its website, a spreadsheet, the
//! district's portal) read and keep its events and offerings without anyone's
//! password. A token is named, scoped and expires; its secret is shown once.

use leptos::{prelude::*, task::spawn_local};
use migraup_domain::{TokenScope, policy::Operation};

use crate::{
    api::{ApiError, ApiTokens, CreateApiToken, RevokeApiToken, api_tokens, create_api_token, revoke_api_token},
    components::{
        feedback::loaded,
        form::{Field, FormError, ShownOnce},
        labels::instant,
        select::{Labelled, Select},
    },
    i18n::*,
    session::use_session,
};

/// How long a new token works, offered as choices (the API takes 1 to 365 days).
const VALIDITY_DAYS: [i64; 3] = [30, 90, 365];

#[component]
pub fn ApiTokensSection(organisation_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    // A self-registered account waiting for verification keeps no tokens.
    let may = session.user.get_untracked().is_some_and(|u| u.may(Operation::ManageApiTokens));
    if !may {
        return ().into_any();
    }
    let id = organisation_id.clone();
    let data = session.resource(move || crate::api::body::<ApiTokens>(api_tokens::Variables { organisation_id: id.clone() }));
    let name = RwSignal::new(String::new());
    let scope = RwSignal::new(TokenScope::ReadPublic);
    let days = RwSignal::new(VALIDITY_DAYS[1].to_string());
    let error = RwSignal::new(None::<ApiError>);
    let secret = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        busy.set(true);
        let organisation_id = organisation_id.clone();
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            let input = create_api_token::ApiTokenInput {
                organisation_id,
                name: name.get_untracked(),
                scope: scope.get_untracked(),
                valid_days: days.get_untracked().parse().unwrap_or(0),
            };
            match session.call::<CreateApiToken>(create_api_token::Variables { input }, &lang).await {
                Ok(d) => {
                    secret.set(Some(d.create_api_token.secret));
                    name.set(String::new());
                    data.refetch();
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let revoke = move |id: String| {
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            match session.call::<RevokeApiToken>(revoke_api_token::Variables { id }, &lang).await {
                Ok(_) => data.refetch(),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let day_labels = [t_string!(i18n, tokens_valid_30), t_string!(i18n, tokens_valid_90), t_string!(i18n, tokens_valid_365)];
    let day_options = Signal::derive(move || {
        VALIDITY_DAYS.iter().zip(day_labels).map(|(d, label)| (d.to_string(), label.to_string())).collect::<Vec<_>>()
    });
    view! {
        <section aria-labelledby="tokens-title" class="narrow no-print" data-testid="api-tokens">
            <h2 id="tokens-title">{t_string!(i18n, tokens_title)}</h2>
            <p>{t_string!(i18n, tokens_lead)} " " <a href="/api" rel="external">{t_string!(i18n, tokens_docs)}</a></p>
            {loaded::<ApiTokens>(data, move |d| {
                if d.api_tokens.is_empty() {
                    return view! { <p>{t_string!(i18n, tokens_none)}</p> }.into_any();
                }
                let rows = d
                    .api_tokens
                    .into_iter()
                    .map(|t| {
                        let ended = t.revoked_at.is_some();
                        let id = t.id.clone();
                        let used = t.last_used_at.as_deref().map(|u| instant(i18n, u, true));
                        let label = format!("{} {}", t_string!(i18n, tokens_revoke), t.name);
                        view! {
                            <tr>
                                <th scope="row">{t.name.clone()}</th>
                                <td>{t.scope.label(i18n)}</td>
                                <td>{t.created_by.clone().unwrap_or_default()}</td>
                                <td>{instant(i18n, &t.expires_at, false)}</td>
                                <td>{used.unwrap_or_else(|| t_string!(i18n, tokens_never_used).to_string())}</td>
                                <td>
                                    {if ended {
                                        t_string!(i18n, tokens_revoked).into_any()
                                    } else {
                                        view! {
                                            <button type="button" class="secondary" aria-label=label on:click=move |_| revoke(id.clone())>
                                                {t_string!(i18n, tokens_revoke)}
                                            </button>
                                        }
                                            .into_any()
                                    }}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="table-scroll">
                    <table class="data" data-testid="token-list">
                        <caption class="visually-hidden">{t_string!(i18n, tokens_title)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t_string!(i18n, tokens_name)}</th>
                                <th scope="col">{t_string!(i18n, tokens_scope)}</th>
                                <th scope="col">{t_string!(i18n, tokens_made_by)}</th>
                                <th scope="col">{t_string!(i18n, tokens_expires)}</th>
                                <th scope="col">{t_string!(i18n, tokens_last_used)}</th>
                                <th scope="col">{t_string!(i18n, tokens_state)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                    </div>
                }
                    .into_any()
            })}
            <form on:submit=create>
                <Field id="token-name" field="name" label=Signal::derive(move || t_string!(i18n, tokens_new_name).to_string()) value=name error=error />
                <Select id="token-scope" label=t_string!(i18n, tokens_scope).to_string() value=scope field=Signal::stored("scope".to_string()) error=error />
                <Select id="token-days" label=t_string!(i18n, tokens_valid).to_string() value=days options=day_options field=Signal::stored("validDays".to_string()) error=error />
                <FormError error=error fields=&["name", "scope", "validDays"] />
                <p class="actions">
                    <button type="submit" disabled=move || busy.get() data-testid="token-create">{t_string!(i18n, tokens_create)}</button>
                </p>
            </form>
            <ShownOnce id="token-secret" label=t_string!(i18n, tokens_secret) note=t_string!(i18n, tokens_once) value=secret test_id="token-secret" />
        </section>
    }
    .into_any()
}
