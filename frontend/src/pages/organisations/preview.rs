//! The profile form's preview: a card of the profile from the form's current values,
//! as the public or as signed-in people of the network see it. Which contact fields
//! each sees is the domain policy's (`can_see_field`), the one the API applies.

use leptos::prelude::*;
use migraup_domain::{FieldVisibility, Role, Visibility, policy::can_see_field};

use crate::{components::form::Choices, i18n::*};

use super::form_types::Fields;

/// Whether `visibility` shows a field to the viewer. A member of the network here is
/// any signed-in person who is neither a member of this organisation nor of the
/// coordination team or administration; a field without a visibility (the API gave
/// none) shows nothing, so the preview never promises more than the API gives.
fn shown(visibility: Option<FieldVisibility>, members: bool) -> bool {
    let viewer = members.then_some(Role::Multiplier);
    visibility.is_some_and(|v| can_see_field(viewer, v, false))
}

/// The address in one line, as the profile page writes it.
fn address_line(f: &Fields) -> String {
    [&f.street, &f.postal_code, &f.city].into_iter().map(|t| t.trim()).filter(|t| !t.is_empty()).collect::<Vec<_>>().join(", ")
}

/// The preview with its switch between the public's view and the members'.
#[component]
pub(super) fn ProfilePreview(fields: Signal<Fields>, districts: Vec<(String, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let members = RwSignal::new(false);
    let switch = move |to_members: bool, testid: &'static str, label: &'static str| {
        view! {
            <button
                type="button"
                aria-pressed=move || (members.get() == to_members).to_string()
                data-testid=testid
                on:click=move |_| members.set(to_members)
            >
                {label}
            </button>
        }
    };
    view! {
        <section class="preview" aria-labelledby="preview-title">
            <h2 id="preview-title">{t_string!(i18n, preview_title)}</h2>
            <p class="hint">{t_string!(i18n, preview_hint)}</p>
            <div class="view-switch" role="group" aria-label=t_string!(i18n, preview_title)>
                {switch(false, "preview-public", t_string!(i18n, preview_public))}
                {switch(true, "preview-members", t_string!(i18n, preview_members))}
            </div>
            {move || view! { <PreviewCard fields=fields.get() members=members.get() districts=districts.clone() /> }}
        </section>
    }
}

/// The card for one viewer.
#[component]
fn PreviewCard(fields: Fields, members: bool, districts: Vec<(String, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let f = fields;
    // A members-only profile is not in the public directory at all.
    if !members && f.visibility == Visibility::Members {
        return view! {
            <p class="notice" data-testid="preview">
                {t_string!(i18n, preview_profile_hidden)}
            </p>
        }
        .into_any();
    }
    let district = Choices::names(&districts, std::slice::from_ref(&f.district));
    let filled = |text: &String| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
    let address = address_line(&f);
    let coordinates =
        (!f.latitude.trim().is_empty() && !f.longitude.trim().is_empty()).then(|| format!("{}, {}", f.latitude.trim(), f.longitude.trim()));
    let has_address = !address.is_empty() || coordinates.is_some();
    // Filled contact fields this viewer does not see, named under the card.
    let hidden: Vec<&str> = [
        (t_string!(i18n, edit_email), !f.email.trim().is_empty(), f.email_visibility),
        (t_string!(i18n, edit_phone), !f.phone.trim().is_empty(), f.phone_visibility),
        (t_string!(i18n, edit_address), has_address, f.address_visibility),
    ]
    .into_iter()
    .filter(|(_, filled, visibility)| *filled && !shown(*visibility, members))
    .map(|(label, _, _)| label)
    .collect();
    let email = filled(&f.email).filter(|_| shown(f.email_visibility, members));
    let phone = filled(&f.phone).filter(|_| shown(f.phone_visibility, members));
    let address = has_address.then_some((address, coordinates)).filter(|_| shown(f.address_visibility, members));
    let meta: Vec<String> = [filled(&f.legal_form), Some(district).filter(|d| !d.is_empty())].into_iter().flatten().collect();
    view! {
        <article class="card preview-card" data-testid="preview">
            <h3>
                <bdi>{f.name.clone()}</bdi>
            </h3>
            <p class="meta">
                {meta.join(" · ")}
                {filled(&f.founded_year)
                    .map(|year| view! {
                        {(!meta.is_empty()).then_some(" · ")}
                        {t!(i18n, org_founded, year = year)}
                    })}
            </p>
            {filled(&f.description).map(|d| view! { <p class="preview-text">{d}</p> })}
            <dl class="facts">
                {filled(&f.website).map(|w| view! { <dt>{t_string!(i18n, org_website)}</dt> <dd dir="ltr">{w}</dd> })}
                {email.map(|e| view! { <dt>{t_string!(i18n, org_email)}</dt> <dd dir="ltr" data-testid="preview-email">{e}</dd> })}
                {phone.map(|p| view! { <dt>{t_string!(i18n, org_phone)}</dt> <dd dir="ltr" data-testid="preview-phone">{p}</dd> })}
                {address.map(|(line, coordinates)| view! {
                    <dt>{t_string!(i18n, org_address)}</dt>
                    <dd data-testid="preview-address">
                        {(!line.is_empty()).then(|| view! { <bdi>{line.clone()}</bdi> })}
                        {coordinates
                            .map(|c| {
                                view! {
                                    {(!line.is_empty()).then(|| view! { <br /> })}
                                    {t!(i18n, preview_coordinates, value = view! { <bdi dir="ltr">{c}</bdi> })}
                                }
                            })}
                    </dd>
                })}
            </dl>
            {(!hidden.is_empty()).then(|| view! { <p class="hint">{t!(i18n, preview_hidden, fields = hidden.join(", "))}</p> })}
        </article>
    }
    .into_any()
}
