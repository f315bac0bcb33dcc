"""The roles and what each may do (``improvement.access``), worked out by hand from the issue's table."""

from __future__ import annotations

import pytest

from improvement.access import ALL_COUNCILS, Access, Grant, Permission, Role, parse_council, principal_key

SEFTON, WIRRAL = "E08000014", "E08000015"


def person(*grants: tuple[str, Role]) -> Access:
    return Access.of("someone@x.example", [Grant("someone@x.example", council, role) for council, role in grants])


@pytest.mark.parametrize(
    ("role", "may"),
    [
        (Role.BOARD, {Permission.READ}),
        (Role.ANALYST, {Permission.READ, Permission.LOAD}),
        (Role.ADVISER, {Permission.READ, Permission.LOAD, Permission.REPORT}),
        (Role.DFE, {Permission.READ, Permission.ACROSS_COUNCILS}),
        (Role.ADMIN, {Permission.MANAGE_ACCESS}),
    ],
)
def test_each_role_may_what_the_table_says(role, may):
    access = person((SEFTON, role))
    assert {permission for permission in Permission if access.may(permission)} == may


def test_a_council_grant_covers_that_council_only():
    access = person((SEFTON, Role.ANALYST), (WIRRAL, Role.BOARD))
    assert access.may(Permission.READ, SEFTON) and access.may(Permission.READ, WIRRAL)
    assert access.may(Permission.LOAD, SEFTON) and not access.may(Permission.LOAD, WIRRAL)
    assert not access.may(Permission.READ, "E08000011")
    assert access.visible(["E08000011", WIRRAL, SEFTON]) == [WIRRAL, SEFTON]
    assert not access.every_council(Permission.LOAD)


def test_dfe_reads_every_council_whatever_council_its_grant_names():
    access = person((SEFTON, Role.DFE))
    assert access.every_council(Permission.READ) and access.may(Permission.READ, WIRRAL)
    assert not access.may(Permission.LOAD, SEFTON)


def test_an_all_councils_grant_and_no_grant():
    assert person((ALL_COUNCILS, Role.ANALYST)).may(Permission.LOAD, WIRRAL)
    nobody = person()
    assert not nobody.has_any_grant and not any(nobody.may(permission) for permission in Permission)


def test_the_demo_may_do_everything_without_signing_in():
    demo = Access.everything()
    assert not demo.signed_in and all(demo.every_council(permission) for permission in Permission)


def test_people_and_councils_are_matched_as_typed_in_any_case():
    assert principal_key("  Jo.Bloggs@Sefton.gov.uk ") == "jo.bloggs@sefton.gov.uk"
    assert parse_council(" all ") == parse_council("All councils") == ALL_COUNCILS
    assert parse_council("e08000014") == SEFTON
