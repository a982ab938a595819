from django.urls import path

from alongside.circles import views

app_name = "circles"

urlpatterns = [
    path("circles/", views.home, name="home"),
    path("circles/new/", views.create, name="create"),
    path("invite/<str:token>/", views.accept, name="accept"),
    path("c/<uuid:circle_id>/", views.detail, name="detail"),
    path("c/<uuid:circle_id>/members/", views.members, name="members"),
    path("c/<uuid:circle_id>/members/invite/", views.invite, name="invite"),
    path("c/<uuid:circle_id>/members/invite-by-email/", views.invite_people, name="invite_people"),
    path(
        "c/<uuid:circle_id>/invitations/<uuid:invitation_id>/resend/",
        views.resend_invitation,
        name="resend_invitation",
    ),
    path(
        "c/<uuid:circle_id>/invitations/<uuid:invitation_id>/revoke/",
        views.revoke_invitation,
        name="revoke_invitation",
    ),
    path("c/<uuid:circle_id>/members/<uuid:membership_id>/role/", views.change_role, name="change_role"),
    path("c/<uuid:circle_id>/members/<uuid:membership_id>/remove/", views.remove, name="remove"),
    path("c/<uuid:circle_id>/leave/", views.leave, name="leave"),
    path("c/<uuid:circle_id>/settings/", views.circle_settings, name="settings"),
    path("c/<uuid:circle_id>/my-records/", views.my_records, name="my_records"),
    path(
        "c/<uuid:circle_id>/my-records/changes/<uuid:change_id>/undo/", views.undo_change, name="undo_change"
    ),
]
