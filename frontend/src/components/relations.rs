//! An organisation's relations in the network (cooperation, membership, funding, …):
//! signed-in people see the confirmed ones; the organisation's representatives
//! propose new ones, answer proposals and end relations.

use leptos::{prelude::*, task::spawn_local};
use serde_json::Value;

use crate::{
    api::{
        self, ApiError, EndRelation, OrganisationRelations, ProposeRelation, RespondToRelation, end_relation, organisation_relations,
        propose_relation, respond_to_relation,
    },
    components::{feedback::loaded_json, form::FormError, organisation_picker::OrganisationPicker},
    i18n::*,
    session::use_session,
};

const KINDS: [&str; 6] = ["COOPERATION", "MEMBERSHIP", "FUNDING", "REFERRAL", "SHARED_PREMISES", "OTHER"];

fn kind_label(i18n: I18nContext, kind: &str) -> String {
    match kind {
        "COOPERATION" => t_string!(i18n, relation_cooperation),
        "MEMBERSHIP" => t_string!(i18n, relation_membership),
        "FUNDING" => t_string!(i18n, relation_funding),
        "REFERRAL" => t_string!(i18n, relation_referral),
        "SHARED_PREMISES" => t_string!(i18n, relation_shared_premises),
        _ => t_string!(i18n, relation_other),
    }
    .to_string()
}

fn state_label(i18n: I18nContext, state: &str) -> String {
    match state {
        "PROPOSED" => t_string!(i18n, relation_proposed),
        "CONFIRMED" => t_string!(i18n, relation_confirmed),
        "DECLINED" => t_string!(i18n, relation_declined),
        _ => t_string!(i18n, relation_ended),
    }
    .to_string()
}

/// The relations section of an organisation's page (signed-in people only).
#[component]
pub fn Relations(organisation_id: String, can_edit: bool) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let error = RwSignal::new(None::<ApiError>);
    let kind = RwSignal::new("COOPERATION".to_owned());
    let id = organisation_id.clone();
    let data = session.resource(move || api::body::<OrganisationRelations>(organisation_relations::Variables { id: id.clone() }));
    // Runs a change and reloads the list; errors are shown above the list.
    let act = move |change: Result<String, ApiError>| {
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            let result = match change {
                Ok(body) => session.send(body, &lang).await,
                Err(e) => Err(e),
            };
            match result {
                Ok(_) => {
                    error.set(None);
                    data.refetch();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let own = organisation_id.clone();
    let propose = Callback::new(move |(to, _name): (String, String)| {
        let kind = api::from_name::<propose_relation::RelationKind>(&kind.get_untracked());
        let Some(kind) = kind else { return };
        act(api::body::<ProposeRelation>(propose_relation::Variables { from: own.clone(), to, kind }));
    });
    let this = organisation_id.clone();
    view! {
        <section aria-labelledby="relations-title" data-testid="relations">
            <h2 id="relations-title">{t_string!(i18n, relations_title)}</h2>
            <FormError error=error />
            {loaded_json(data, move |d| {
                let rows: Vec<Value> = d["relations"].as_array().cloned().unwrap_or_default();
                if rows.is_empty() {
                    return view! { <p>{t_string!(i18n, relations_none)}</p> }.into_any();
                }
                let this = this.clone();
                view! {
                    <ul class="plain">
                        {rows
                            .into_iter()
                            .map(|r| {
                                let id = r["id"].as_str().unwrap_or_default().to_owned();
                                let other = if r["fromOrganisationId"].as_str() == Some(this.as_str()) { &r["to"] } else { &r["from"] };
                                let name = other["name"].as_str().unwrap_or_default().to_owned();
                                let href = format!("/organisations/{}", other["slug"].as_str().unwrap_or_default());
                                let state = r["state"].as_str().unwrap_or_default().to_owned();
                                let (respond_id, end_id) = (id.clone(), id);
                                view! {
                                    <li data-testid="relation">
                                        <a href=href>{name}</a>
                                        " – "
                                        {kind_label(i18n, r["kind"].as_str().unwrap_or_default())}
                                        " – "
                                        <span class="badge">{state_label(i18n, &state)}</span>
                                        {(r["canRespond"].as_bool() == Some(true)).then(|| {
                                            let no = respond_id.clone();
                                            view! {
                                                " "
                                                <button type="button" on:click=move |_| act(api::body::<RespondToRelation>(respond_to_relation::Variables { id: respond_id.clone(), accept: true }))>
                                                    {t_string!(i18n, relations_accept)}
                                                </button>
                                                " "
                                                <button type="button" class="link-button" on:click=move |_| act(api::body::<RespondToRelation>(respond_to_relation::Variables { id: no.clone(), accept: false }))>
                                                    {t_string!(i18n, relations_decline)}
                                                </button>
                                            }
                                        })}
                                        {(r["canEnd"].as_bool() == Some(true)).then(|| view! {
                                            " "
                                            <button type="button" class="link-button" on:click=move |_| act(api::body::<EndRelation>(end_relation::Variables { id: end_id.clone() }))>
                                                {if state == "PROPOSED" { t_string!(i18n, relations_withdraw) } else { t_string!(i18n, relations_end) }}
                                            </button>
                                        })}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            })}
            {can_edit.then(|| view! {
                <div class="field">
                    <label for="relation-kind">{t_string!(i18n, relations_kind)}</label>
                    <select id="relation-kind" on:change=move |e| kind.set(event_target_value(&e))>
                        {KINDS.iter().map(|k| view! { <option value=*k>{kind_label(i18n, k)}</option> }).collect_view()}
                    </select>
                </div>
                <p class="hint">{t_string!(i18n, relations_propose_hint)}</p>
                <OrganisationPicker exclude=Signal::derive(move || vec![organisation_id.clone()]) on_pick=propose />
            })}
        </section>
    }
}
