//! The home page: what the network is, its key figures, a welcome by role.

use leptos::prelude::*;
use leptos_router::components::A;
use migraup_domain::Role;

use crate::{
    api::{self, Home},
    components::{SIGNED_IN_VIEWS, feedback::loaded, select::Labelled, signed_in_only},
    i18n::*,
    session::use_session,
};

/// A person's agreed actions and next meetings (the whole app only: signed-in work).
#[cfg(feature = "work")]
fn my_group_work(awaiting: bool) -> impl IntoView {
    (!awaiting).then(|| view! { <crate::pages::groups::mine::MyGroupWork /> })
}

#[cfg(not(feature = "work"))]
fn my_group_work(_awaiting: bool) {}

/// The start page.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let data = session.resource(move || api::body::<Home>(api::home::Variables));
    view! {
        <section class="hero">
            <h1>{t_string!(i18n, home_title)}</h1>
            <p class="lead">{t_string!(i18n, home_lead)}</p>
            {signed_in_only(move || move || {
                session
                    .user
                    .get()
                    .map(|user| {
                        let name = user.display_name.clone();
                        let role = user.role;
                        let awaiting = user.awaiting_verification;
                        view! {
                            <p class="welcome" data-testid="welcome">
                                {t!(i18n, welcome, name = view! { <bdi>{name.clone()}</bdi> })}
                                " ("
                                {user.role.label(i18n)}
                                ")"
                            </p>
                            {awaiting
                                .then(|| {
                                    view! {
                                        <p class="notice" role="status" data-testid="awaiting-verification">
                                            {t_string!(i18n, start_awaiting)} " "
                                            <A href="/my-organisation">{t_string!(i18n, nav_my_organisation)}</A>
                                        </p>
                                    }
                                })}
                            {(role == Role::MoRepresentative && !awaiting)
                                .then(|| {
                                    view! {
                                        <p>
                                            {t_string!(i18n, start_rep)} " "
                                            <A href="/my-organisation">{t_string!(i18n, nav_my_organisation)}</A>
                                        </p>
                                    }
                                })}
                            {(role == Role::Multiplier).then(|| view! { <p>{t_string!(i18n, start_multiplier)}</p> })}
                            {my_group_work(awaiting)}
                        }
                    })
            })}
            <p>
                <A href="/organisations" attr:class="button">
                    {t_string!(i18n, home_cta_directory)}
                </A>
                " "
                <A href="/register">{t_string!(i18n, register_link)}</A>
            </p>
        </section>
        <section aria-labelledby="figures-title">
            <h2 id="figures-title">{t_string!(i18n, home_figures)}</h2>
            {loaded::<Home>(data, move |d| {
                let facets = d.organisations.facets;
                let role = session.user.get_untracked().map(|u| u.role);
                let overview = (SIGNED_IN_VIEWS && matches!(role, Some(Role::Admin | Role::Administration | Role::Council))).then(|| {
                    let mut rows: Vec<(String, i64)> = facets.districts.iter().map(|f| (f.district.name.clone(), f.count)).collect();
                    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                    view! {
                        <h2>{t_string!(i18n, start_overview)}</h2>
                        <table class="data" data-testid="district-overview">
                            <caption>{t_string!(i18n, start_overview_caption)}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{t_string!(i18n, start_district)}</th>
                                    <th scope="col">{t_string!(i18n, start_count)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows
                                    .into_iter()
                                    .map(|(name, count)| view! { <tr><th scope="row">{name}</th><td>{count}</td></tr> })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                });
                view! {
                    <dl class="figures">
                        <div>
                            <dt>{t_string!(i18n, home_organisations)}</dt>
                            <dd data-testid="figure-organisations">{d.organisations.total_count}</dd>
                        </div>
                        <div>
                            <dt>{t_string!(i18n, home_districts)}</dt>
                            <dd>{facets.districts.len()}</dd>
                        </div>
                        <div>
                            <dt>{t_string!(i18n, home_languages)}</dt>
                            <dd>{facets.languages.len()}</dd>
                        </div>
                        <div>
                            <dt>{t_string!(i18n, home_topics)}</dt>
                            <dd>{facets.topics.len()}</dd>
                        </div>
                    </dl>
                    {overview}
                    <h2>{t_string!(i18n, home_key_topics)}</h2>
                    <ul class="chips">
                        {d
                            .topics
                            .into_iter()
                            .take(6)
                            .map(|t| {
                                let href = crate::components::url::with_query("/organisations", [("topics", t.id.as_str())]);
                                view! {
                                    <li>
                                        <A href=href>{t.label}</A>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            })}

        </section>
    }
}
