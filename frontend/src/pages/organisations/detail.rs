//! An organisation's profile page: contact, topics, persons, events, projects, relations, offerings.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};

use crate::{
    api::{self, OrganisationPage as Query, organisation_page},
    components::{
        events::OrganisationEvents, feedback::loaded, labels::kind_label, projects::OrganisationProjects, relations::Relations,
        signed_in_only,
    },
    i18n::*,
    session::use_session,
};

/// The public profile: contact (where allowed), topics, languages, contact persons
/// (signed-in, with consent) and offerings.
#[component]
pub fn OrganisationPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let data = session.resource(move || {
        let slug = params.get().get("slug").unwrap_or_default();
        api::body::<Query>(organisation_page::Variables { slug })
    });
    view! {
        <p class="back">
            <A href="/organisations">{t_string!(i18n, org_back)}</A>
        </p>
        {loaded::<Query>(data, move |d| {
            match d.organisation {
                Some(o) => view! { <Profile org=o /> }.into_any(),
                None => view! { <p class="notice">{t_string!(i18n, org_not_found)}</p> }.into_any(),
            }
        })}

    }
}

#[component]
fn Profile(org: organisation_page::OrganisationPageOrganisation) -> impl IntoView {
    let org_id = org.id.clone();
    let can_edit = org.can_edit;
    let session = use_session();
    let i18n = use_i18n();
    let kind = api::enum_name(&org.kind);
    let verified = api::enum_name(&org.verification) == "VERIFIED";
    let confirmed = org.confirmed_at.as_deref().map(|d| d.chars().take(10).collect::<String>());
    let address = org.address.map(|a| [a.street, a.postal_code, a.city].into_iter().flatten().collect::<Vec<_>>().join(", "));
    let has_contact = org.website.is_some() || org.email.is_some() || org.phone.is_some() || address.is_some();
    view! {
        <article class="profile" data-testid="organisation-profile">
            <header>
                <h1>{org.name.clone()}</h1>
                <p class="meta">
                    <span>{move || kind_label(i18n, &kind)}</span>
                    {org.legal_form.map(|f| view! { " · " <span>{f}</span> })}
                    {org.district.map(|d| view! { " · " <span>{d.name}</span> })}
                    {org.founded_year.map(|y| view! { " · " <span>{t!(i18n, org_founded, year = y)}</span> })}
                    " · "
                    <span class=if verified { "badge badge-ok" } else { "badge" }>
                        {move || if verified { t_string!(i18n, verified) } else { t_string!(i18n, unverified) }}
                    </span>
                </p>
            </header>
            {org
                .can_edit
                .then(|| {
                    let href = format!("/organisations/{}/edit", org.slug);
                    view! {
                        <p>
                            <A href=href attr:class="button" attr:data-testid="edit-profile">{t_string!(i18n, my_edit)}</A>
                        </p>
                    }
                })}
            {org.description.map(|d| view! { <p class="description">{d}</p> })}
            {org.is_stale.then(|| view! { <p class="notice">{t_string!(i18n, org_stale)}</p> })}
            {confirmed.map(|date| view! { <p class="hint">{t!(i18n, org_confirmed, date = date.clone())}</p> })}
            <div class="profile-grid">
                {has_contact
                    .then(|| {
                        view! {
                            <section aria-labelledby="contact-title">
                                <h2 id="contact-title">{t_string!(i18n, org_contact)}</h2>
                                <dl class="facts">
                                    {org.website.map(|w| view! { <dt>{t_string!(i18n, org_website)}</dt> <dd><a href=w.clone() rel="noopener">{w.clone()}</a></dd> })}
                                    {org.email.map(|e| view! { <dt>{t_string!(i18n, org_email)}</dt> <dd><a href=format!("mailto:{e}")>{e.clone()}</a></dd> })}
                                    {org.phone.map(|p| view! { <dt>{t_string!(i18n, org_phone)}</dt> <dd><a href=format!("tel:{}", p.replace(' ', ""))>{p.clone()}</a></dd> })}
                                    {address.map(|a| view! { <dt>{t_string!(i18n, org_address)}</dt> <dd>{a}</dd> })}
                                </dl>
                            </section>
                        }
                    })}
                <section aria-labelledby="topics-title">
                    <h2 id="topics-title">{t_string!(i18n, org_topics)}</h2>
                    <ul class="tags">{org.topics.into_iter().map(|t| view! { <li>{t.label}</li> }).collect_view()}</ul>
                    <h2>{t_string!(i18n, org_languages)}</h2>
                    <ul class="tags">
                        {org
                            .languages
                            .into_iter()
                            .map(|l| view! { <li>{l.name} " (" <span lang=l.code.clone()>{l.native_name}</span> ")"</li> })
                            .collect_view()}
                    </ul>
                    {(!org.target_groups.is_empty())
                        .then(|| {
                            view! {
                                <h2>{t_string!(i18n, org_target_groups)}</h2>
                                <ul class="tags">{org.target_groups.into_iter().map(|t| view! { <li>{t.label}</li> }).collect_view()}</ul>
                            }
                        })}
                </section>
                {(!org.contact_persons.is_empty())
                    .then(|| {
                        view! {
                            <section aria-labelledby="persons-title">
                                <h2 id="persons-title">{t_string!(i18n, org_contact_persons)}</h2>
                                <ul>
                                    {org
                                        .contact_persons
                                        .into_iter()
                                        .map(|p| view! { <li>{p.display_name} " – " <a href=format!("mailto:{}", p.email)>{p.email.clone()}</a></li> })
                                        .collect_view()}
                                </ul>
                            </section>
                        }
                    })}
            </div>
            <OrganisationEvents organisation_id=org_id.clone() />
            <OrganisationProjects organisation_id=org_id.clone() />
            {signed_in_only(move || move || session.user.get().map(|_| view! { <Relations organisation_id=org_id.clone() can_edit=can_edit /> }))}
            <section aria-labelledby="offerings-title">
                <h2 id="offerings-title">{t_string!(i18n, org_offerings)}</h2>
                {org.offerings.is_empty().then(|| view! { <p>{t_string!(i18n, org_no_offerings)}</p> })}
                <ul class="cards">{org.offerings.into_iter().map(|o| view! { <Offering offering=o /> }).collect_view()}</ul>
            </section>
        </article>
    }
}

#[component]
fn Offering(offering: organisation_page::OrganisationPageOrganisationOfferings) -> impl IntoView {
    let i18n = use_i18n();
    let languages = offering.languages.iter().map(|l| l.name.clone()).collect::<Vec<_>>().join(", ");
    view! {
        <li class="card" data-testid="offering">
            <h3>{offering.title}</h3>
            {offering.description.map(|d| view! { <p>{d}</p> })}
            <dl class="facts">
                {offering.schedule.map(|s| view! { <dt>{t_string!(i18n, org_schedule)}</dt> <dd>{s}</dd> })}
                <dt>{t_string!(i18n, org_cost)}</dt>
                <dd>{match offering.cost { Some(c) => c.into_any(), None if offering.free_of_charge => t!(i18n, org_free).into_any(), None => "–".into_any() }}</dd>
                {(!languages.is_empty()).then(|| view! { <dt>{t_string!(i18n, org_delivered_in)}</dt> <dd>{languages}</dd> })}
                {offering.accessibility.map(|a| view! { <dt>{t_string!(i18n, org_accessibility)}</dt> <dd>{a}</dd> })}
            </dl>
        </li>
    }
}
