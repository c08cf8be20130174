//! The authorization matrix through the API: every operation × every role × member /
//! non-member answers what the domain policy says, as data or as `FORBIDDEN` /
//! `UNAUTHENTICATED`. (The policy's own table is tested in the domain crate.)

use migraup_domain::{Operation, Role, TokenScope, policy};
use serde_json::json;

use crate::{
    helpers::{Fixture, TestApp},
    on_both_databases,
};

/// One GraphQL call standing for a policy operation, against organisation `org`.
struct Case {
    op: Operation,
    query: &'static str,
    /// Builds the variables (org id, current version, a unique suffix).
    vars: fn(&str, i64, usize) -> serde_json::Value,
    /// Whether membership of the organisation matters.
    per_organisation: bool,
}

const CASES: &[Case] = &[
    Case {
        op: Operation::UpdateOrganisation,
        query: "mutation($id: ID!, $v: Int!) { updateOrganisation(id: $id, expectedVersion: $v, input: { description: \"geändert\" }) { id } }",
        vars: |id, v, _| json!({ "id": id, "v": v }),
        per_organisation: true,
    },
    Case {
        op: Operation::UpdateOrganisation,
        query: "mutation($id: ID!) { confirmOrganisationCurrent(id: $id) { id } }",
        vars: |id, _, _| json!({ "id": id }),
        per_organisation: true,
    },
    Case {
        op: Operation::ManageOfferings,
        query: "mutation($id: ID!) { createOffering(organisationId: $id, input: { title: \"Sprachcafé\" }) { id } }",
        vars: |id, _, _| json!({ "id": id }),
        per_organisation: true,
    },
    Case {
        op: Operation::ManageOrganisationMembers,
        query: "query($id: ID!) { organisation(id: $id) { members { user { id } } } }",
        vars: |id, _, _| json!({ "id": id }),
        per_organisation: true,
    },
    Case {
        op: Operation::InviteColleague,
        query: "mutation($id: ID!, $e: String!) { inviteUser(input: { email: $e, role: MO_REPRESENTATIVE, organisationId: $id }) { id } }",
        vars: |id, _, n| json!({ "id": id, "e": format!("kollegin{n}@test.org") }),
        per_organisation: true,
    },
    Case {
        op: Operation::VerifyOrganisation,
        query: "mutation($id: ID!) { verifyOrganisation(id: $id) { id } }",
        vars: |id, _, _| json!({ "id": id }),
        per_organisation: true,
    },
    Case {
        op: Operation::CreateOrganisation,
        query: "mutation($n: String!) { createOrganisation(input: { name: $n, kind: INITIATIVE }) { id } }",
        vars: |_, _, n| json!({ "n": format!("Initiative Nummer {n}") }),
        per_organisation: false,
    },
    Case {
        op: Operation::InviteUser,
        query: "mutation($e: String!) { inviteUser(input: { email: $e, role: MULTIPLIER }) { id } }",
        vars: |_, _, n| json!({ "e": format!("neu{n}@test.org") }),
        per_organisation: false,
    },
    Case { op: Operation::InviteUser, query: "{ invitations { id } }", vars: |_, _, _| json!({}), per_organisation: false },
    Case { op: Operation::ManageUsers, query: "{ users(first: 5) { totalCount } }", vars: |_, _, _| json!({}), per_organisation: false },
    Case {
        op: Operation::ReadAuditLog,
        query: "{ auditLog(first: 5) { totalCount } }",
        vars: |_, _, _| json!({}),
        per_organisation: false,
    },
    Case {
        op: Operation::SuggestOrganisation,
        query: "mutation($n: String!) { suggestOrganisation(input: { name: $n, kind: INITIATIVE }) { id } }",
        vars: |_, _, n| json!({ "n": format!("Vorschlag Nummer {n}") }),
        per_organisation: false,
    },
    Case { op: Operation::ViewFreshness, query: "{ freshnessOverview { name } }", vars: |_, _, _| json!({}), per_organisation: false },
    Case {
        op: Operation::ImportOrganisations,
        query: "query($id: ID!) { importBatch(id: $id) { id } }",
        vars: |id, _, _| json!({ "id": id }),
        per_organisation: false,
    },
    Case {
        op: Operation::ImportRelations,
        query: "mutation($c: String!) { previewRelationImport(csv: $c) { invalid } }",
        vars: |_, _, _| json!({ "c": "Von,Zu\nVerein A,Verein B\n" }),
        per_organisation: false,
    },
    Case {
        op: Operation::ManageTaxonomy,
        query: "mutation($s: String!) { createTopic(input: { slug: $s, labelDe: \"Neu\", labelEn: \"New\" }) { id } }",
        vars: |_, _, n| json!({ "s": format!("thema-{n}") }),
        per_organisation: false,
    },
];

async fn version(app: &TestApp, admin: &str, id: &str) -> i64 {
    let a = app.gql(Some(admin), "query($id: ID!) { organisation(id: $id) { version } }", json!({ "id": id })).await;
    a.data()["organisation"]["version"].as_i64().expect("version")
}

on_both_databases!(every_operation_role_and_membership_answers_as_the_policy_says, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    // Every signed-in role is a member of `member_org`; nobody is a member of `foreign_org`.
    let roles: [(Option<Role>, Option<&str>, &str); 6] = [
        (None, None, ""),
        (Some(Role::Admin), Some(f.admin.as_str()), "admin@test.org"),
        (Some(Role::Administration), Some(f.administration.as_str()), "verwaltung@test.org"),
        (Some(Role::MoRepresentative), Some(f.representative.as_str()), "vertretung@test.org"),
        (Some(Role::Multiplier), Some(f.multiplier.as_str()), "multi@test.org"),
        (Some(Role::Council), Some(f.council.as_str()), "beirat@test.org"),
    ];
    let make = |name: &'static str| {
        let admin = f.admin.clone();
        let app = &app;
        async move {
            let a = app
                .gql(
                    Some(&admin),
                    "mutation($n: String!) { createOrganisation(input: { name: $n, kind: MIGRANT_ORGANISATION }) { id } }",
                    json!({ "n": name }),
                )
                .await;
            a.data()["createOrganisation"]["id"].as_str().unwrap().to_owned()
        }
    };
    let member_org = make("Mitgliedsverein").await;
    let foreign_org = make("Fremder Verein").await;
    let users = app.gql(Some(&f.admin), "{ users(first: 50) { edges { node { id email } } } }", json!({})).await;
    for edge in users.data()["users"]["edges"].as_array().unwrap() {
        let a = app
            .gql(
                Some(&f.admin),
                "mutation($o: ID!, $u: ID!) { addOrganisationMember(organisationId: $o, userId: $u) { isContactPerson } }",
                json!({ "o": member_org, "u": edge["node"]["id"] }),
            )
            .await;
        a.data();
    }
    // Integration tokens of `member_org`, made by its representative: one per scope.
    let mut tokens = Vec::new();
    for scope in TokenScope::ALL {
        let a = app
            .gql(
                Some(&f.representative),
                "mutation($i: ApiTokenInput!) { createApiToken(input: $i) { secret } }",
                json!({ "i": { "organisationId": member_org, "name": scope.as_str(), "scope": scope.as_str(), "validDays": 1 } }),
            )
            .await;
        tokens.push((*scope, a.data()["createApiToken"]["secret"].as_str().unwrap().to_owned()));
    }
    // Memberships are read at sign-in time of each request, so the tokens stay valid.
    let mut n = 0;
    let mut checked = 0;
    for case in CASES {
        let targets: Vec<(&str, bool)> =
            if case.per_organisation { vec![(&member_org, true), (&foreign_org, false)] } else { vec![(&member_org, false)] };
        for (role, token, who) in &roles {
            for (org, member) in &targets {
                n += 1;
                let v = version(&app, &f.admin, org).await;
                let answer = app.gql(*token, case.query, (case.vars)(org, v, n)).await;
                let allowed = policy::is_allowed(*role, case.op, *member && role.is_some());
                if allowed {
                    answer.data();
                } else {
                    let expected = if role.is_none() { "UNAUTHENTICATED" } else { "FORBIDDEN" };
                    assert_eq!(answer.code(), Some(expected), "{:?} as {who:?} (member: {member}): {}", case.op, answer.body);
                }
                checked += 1;
            }
        }
        // A token: what its scope allows of what its actor may, else FORBIDDEN.
        for (scope, secret) in &tokens {
            for (org, member) in &targets {
                n += 1;
                let v = version(&app, &f.admin, org).await;
                let answer = app.gql(Some(secret), case.query, (case.vars)(org, v, n)).await;
                let allowed =
                    policy::token_allows(*scope, case.op) && policy::is_allowed(policy::token_actor_role(*scope), case.op, *member);
                if allowed {
                    answer.data();
                } else {
                    assert_eq!(
                        answer.code(),
                        Some("FORBIDDEN"),
                        "{:?} with a {scope:?} token (member: {member}): {}",
                        case.op,
                        answer.body
                    );
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, CASES.iter().map(|c| if c.per_organisation { 18 } else { 9 }).sum::<usize>());
});

on_both_databases!(representative_cannot_edit_foreign_organisation, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let v = version(&app, &f.admin, &f.unverified).await;
    let a = app
        .gql(
            Some(&f.representative),
            "mutation($id: ID!, $v: Int!) { updateOrganisation(id: $id, expectedVersion: $v, input: { name: \"Übernommen\" }) { id } }",
            json!({ "id": f.unverified, "v": v }),
        )
        .await;
    assert_eq!(a.code(), Some("FORBIDDEN"));
    let own = version(&app, &f.admin, &f.org).await;
    let a = app
        .gql(Some(&f.representative), "mutation($id: ID!, $v: Int!) { updateOrganisation(id: $id, expectedVersion: $v, input: { name: \"Sonnenblume e.V.\" }) { name canEdit } }", json!({ "id": f.org, "v": own }))
        .await;
    assert_eq!(a.data()["updateOrganisation"]["name"], "Sonnenblume e.V.");
    assert_eq!(a.data()["updateOrganisation"]["canEdit"], true);
});
