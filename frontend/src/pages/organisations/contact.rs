//! The profile form's contact fields: website, e-mail, phone and address with its
//! coordinates, each contact field with who may see it.

use leptos::prelude::*;

use crate::{
    api::{ApiError, LocateDistrict, locate_district},
    components::form::{Field, VisibilitySelect, field_message},
    i18n::*,
    session::use_session,
};

use super::form_types::{Inputs, LATITUDE_ID, LONGITUDE_ID};

/// How to reach the organisation, and who sees each way.
#[component]
pub(super) fn ContactFields(inputs: Inputs, error: RwSignal<Option<ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let label = |text: &'static str| Signal::derive(move || text.to_string());
    view! {
        <Field id="website" field="website" label=label(t_string!(i18n, edit_website)) value=inputs.website error=error kind="url" />
        <div class="field-row">
            <Field id="email" field="email" label=label(t_string!(i18n, edit_email)) value=inputs.email error=error kind="email" />
            <VisibilitySelect
                id="org-email-visibility"
                field="emailVisibility"
                label=label(t_string!(i18n, edit_email_visibility))
                value=inputs.email_visibility
                error=error
            />
        </div>
        <div class="field-row">
            <Field id="phone" field="phone" label=label(t_string!(i18n, edit_phone)) value=inputs.phone error=error kind="tel" />
            <VisibilitySelect
                id="org-phone-visibility"
                field="phoneVisibility"
                label=label(t_string!(i18n, edit_phone_visibility))
                value=inputs.phone_visibility
                error=error
            />
        </div>
        <fieldset class="group" data-testid="org-address">
            <legend>{t_string!(i18n, edit_address)}</legend>
            <Field id="org-street" field="street" label=label(t_string!(i18n, edit_street)) value=inputs.street error=error />
            <div class="field-row">
                <Field id="org-postal-code" field="postalCode" label=label(t_string!(i18n, edit_postal_code)) value=inputs.postal_code error=error />
                <Field id="org-city" field="city" label=label(t_string!(i18n, edit_city)) value=inputs.city error=error />
            </div>
            <p id="org-coordinates-hint" class="hint">
                {t_string!(i18n, edit_coordinates_hint)}
            </p>
            <div class="field-row">
                // `step="any"`: coordinates have as many decimals as the person knows.
                <Field
                    id=LATITUDE_ID
                    field="latitude"
                    label=label(t_string!(i18n, edit_latitude))
                    value=inputs.latitude
                    error=error
                    kind="number"
                    step="any"
                    min="-90"
                    max="90"
                    hint="org-coordinates-hint org-coordinates-error"
                />
                <Field
                    id=LONGITUDE_ID
                    field="longitude"
                    label=label(t_string!(i18n, edit_longitude))
                    value=inputs.longitude
                    error=error
                    kind="number"
                    step="any"
                    min="-180"
                    max="180"
                    hint="org-coordinates-hint org-coordinates-error"
                />
            </div>
            // The API checks both coordinates together and names them `coordinates`.
            <p id="org-coordinates-error" class="field-error">
                {move || field_message(error, "coordinates")}
            </p>
            <DistrictFromCoordinates inputs=inputs />
            <VisibilitySelect
                id="org-address-visibility"
                field="addressVisibility"
                label=label(t_string!(i18n, edit_address_visibility))
                value=inputs.address_visibility
                error=error
            />
        </fieldset>
    }
}

/// The Ortsteil the coordinates lie in, proposed where it is not the one chosen (the
/// server answers from the region's boundaries); outside the district, said so.
#[component]
fn DistrictFromCoordinates(inputs: Inputs) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let point = Memo::new(move |_| {
        let read = |s: RwSignal<String>| s.get().trim().replace(',', ".").parse::<f64>().ok();
        read(inputs.latitude).zip(read(inputs.longitude))
    });
    let found = LocalResource::new(move || {
        let point = point.get();
        let lang = i18n.get_locale_untracked().as_str().to_owned();
        async move {
            let (latitude, longitude) = point?;
            Some(
                session
                    .call::<LocateDistrict>(locate_district::Variables { latitude, longitude }, &lang)
                    .await
                    .ok()
                    .map(|d| d.locate_district),
            )
        }
    });
    move || {
        let Some(Some(Some(answer))) = found.get() else {
            return None;
        };
        let text = match answer {
            Some(at) if at.district.id == inputs.district.get() => return None,
            Some(at) => {
                let (id, name) = (at.district.id.clone(), at.district.name.clone());
                let take = move |_| inputs.district.set(id.clone());
                view! {
                    <p class="notice" role="status" data-testid="district-proposal">
                        {t!(i18n, edit_district_proposed, district = at.district.name.clone())} " "
                        <button type="button" class="secondary" on:click=take>
                            {t!(i18n, edit_district_take, district = name)}
                        </button>
                    </p>
                }
                .into_any()
            }
            None => view! { <p class="notice" role="status" data-testid="district-proposal">{t_string!(i18n, edit_district_outside)}</p> }
                .into_any(),
        };
        Some(text)
    }
}
