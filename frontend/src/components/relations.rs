//! An organisation's relations in the network (cooperation, membership, funding, …):
//! signed-in people see the confirmed ones; the organisation's representatives
//! propose new ones, answer proposals and end relations.

use leptos::{prelude::*, task::spawn_local};
use serde_json::Value;

use crate::{
    api::{
        self, ApiError, EndRelation, OrganisationRelations, ProposeRelation, RelationKind, RelationState, RespondToRelation, end_relation,
        organisation_relations, propose_relation, respond_to_relation,
    },
    components::{
        feedback::loaded_json,
        form::FormError,
        organisation_picker::OrganisationPicker,
        select::{Labelled, Select},
    },
    i18n::*,
    session::use_session,
};

/// The relations section of an organisation's page (signed-in people only).
#[component]
pub fn Relations(organisation_id: String, can_edit: bool) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let error = RwSignal::new(None::<ApiError>);
    let kind = RwSignal::new(RelationKind::Cooperation);
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
        act(api::body::<ProposeRelation>(propose_relation::Variables { from: own.clone(), to, kind: kind.get_untracked() }));
    });
    let this = organisation_id.clone();
    view! {
        <section aria-labelledby="relations-title" data-testid="relations">
            <h2 id="relations-title">{t_string!(i18n, relations_title)}</h2>
            <FormError error=error />
            {loaded_json(data, move |d| {
                let rows: Vec<Value> = d["relations"].as_array().cloned().unwrap_or_default();
                if rows.is_empty() {
                    return Ok(view! { <p>{t_string!(i18n, relations_none)}</p> }.into_any());
                }
                // Read untyped, so the kinds and states are parsed here, each known or an error.
                let typed = rows
                    .iter()
                    .map(|r| Ok((api::read::<RelationKind>(r["kind"].clone())?, api::read::<RelationState>(r["state"].clone())?)))
                    .collect::<Result<Vec<_>, ApiError>>()?;
                let this = this.clone();
                Ok(view! {
                    <ul class="plain">
                        {rows
                            .into_iter()
                            .zip(typed)
                            .map(|(r, (kind, state))| {
                                let id = r["id"].as_str().unwrap_or_default().to_owned();
                                let other = if r["fromOrganisationId"].as_str() == Some(this.as_str()) { &r["to"] } else { &r["from"] };
                                let name = other["name"].as_str().unwrap_or_default().to_owned();
                                let href = format!("/organisations/{}", other["slug"].as_str().unwrap_or_default());
                                let (respond_id, end_id) = (id.clone(), id);
                                view! {
                                    <li data-testid="relation">
                                        <a href=href>{name}</a>
                                        " – "
                                        {kind.label(i18n)}
                                        " – "
                                        <span class="badge">{state.label(i18n)}</span>
                                        {(r["canRespond"].as_bool() == Some(true)).then(|| {
                                            let no = respond_id.clone();
                                            view! {
                                                " "
                                                <button type="button" class="primary" on:click=move |_| act(api::body::<RespondToRelation>(respond_to_relation::Variables { id: respond_id.clone(), accept: true }))>
                                                    {t_string!(i18n, relations_accept)}
                                                </button>
                                                " "
                                                <button type="button" class="secondary" on:click=move |_| act(api::body::<RespondToRelation>(respond_to_relation::Variables { id: no.clone(), accept: false }))>
                                                    {t_string!(i18n, relations_decline)}
                                                </button>
                                            }
                                        })}
                                        {(r["canEnd"].as_bool() == Some(true)).then(|| view! {
                                            " "
                                            <button type="button" class="secondary" on:click=move |_| act(api::body::<EndRelation>(end_relation::Variables { id: end_id.clone() }))>
                                                {if state == RelationState::Proposed { t_string!(i18n, relations_withdraw) } else { t_string!(i18n, relations_end) }}
                                            </button>
                                        })}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any())
            })}
            {can_edit.then(|| view! {
                <Select id="relation-kind" label=t_string!(i18n, relations_kind) value=kind />
                <p class="hint">{t_string!(i18n, relations_propose_hint)}</p>
                <OrganisationPicker exclude=Signal::derive(move || vec![organisation_id.clone()]) on_pick=propose />
            })}
        </section>
    }
}
