//! Per key topic: how many organisations take part in a working group, and which
//! Ortsteile have none taking part (for those who see the whole network).

use leptos::prelude::*;
use migraup_domain::policy::{Operation, is_allowed};

use crate::{
    api::{self, GroupParticipationTable},
    components::feedback::loaded,
    i18n::*,
    session::use_session,
};

/// The participation table; nothing for a representative's neighbourhood view.
#[component]
pub fn GroupParticipation() -> impl IntoView {
    let session = use_session();
    let whole = session.user.get_untracked().is_some_and(|u| is_allowed(Some(u.role), Operation::ViewNetwork, false));
    whole.then(|| view! { <ParticipationTable /> })
}

#[component]
fn ParticipationTable() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let data = session.resource(move || api::body::<GroupParticipationTable>(api::group_participation_table::Variables));
    view! {
        <section aria-labelledby="participation-title" class="report-part">
            <h2 id="participation-title">{t_string!(i18n, participation_title)}</h2>
            {loaded::<GroupParticipationTable>(data, move |d| {
                if d.group_participation.is_empty() {
                    return view! { <p>{t_string!(i18n, participation_none)}</p> }.into_any();
                }
                view! {
                    // Focusable, so keyboard users can scroll a wide table on a phone.
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="participation-title">
                    <table class="data" data-testid="group-participation">
                        <thead>
                            <tr>
                                <th scope="col">{t_string!(i18n, participation_topic)}</th>
                                <th scope="col">{t_string!(i18n, participation_groups)}</th>
                                <th scope="col">{t_string!(i18n, participation_organisations)}</th>
                                <th scope="col">{t_string!(i18n, participation_districts_without)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {d
                                .group_participation
                                .into_iter()
                                .map(|p| {
                                    let without = p.districts_without.into_iter().map(|d| d.name).collect::<Vec<_>>().join(", ");
                                    view! {
                                        <tr>
                                            <th scope="row">{p.topic.map(|t| t.label).unwrap_or_default()}</th>
                                            <td>{p.groups}</td>
                                            <td>{p.organisations}</td>
                                            <td>{without}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                    </div>
                }
                    .into_any()
            })}
        </section>
    }
}
