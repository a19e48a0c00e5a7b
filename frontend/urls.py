from django.urls import path

from frontend import analysis_views, guide_views, moderation_views, views

app_name = "frontend"

urlpatterns = [
    path("", views.home, name="home"),
    path("challenges/<slug:slug>/", views.challenge_detail, name="challenge"),
    path("challenges/<slug:slug>/contribute/", views.contribute, name="contribute"),
    path("contributions/<int:pk>/", views.contribution_detail, name="contribution"),
    path("contributions/<int:pk>/edit/", views.contribution_edit, name="contribution_edit"),
    path(
        "contributions/<int:pk>/withdraw/",
        views.contribution_withdraw,
        name="contribution_withdraw",
    ),
    path("contributions/<int:pk>/vote/", views.contribution_vote, name="contribution_vote"),
    path("contributions/<int:pk>/comments/", views.comment_create, name="comment_create"),
    path("comments/<int:pk>/vote/", views.comment_vote, name="comment_vote"),
    path("comments/<int:pk>/withdraw/", views.comment_withdraw, name="comment_withdraw"),
    path("account/", views.account, name="account"),
    path("account/data/", views.account_data, name="account_data"),
    path("account/erase/", views.account_erase, name="account_erase"),
    path("account/signup/", views.signup, name="signup"),
    path("account/check-email/", views.check_email, name="check_email"),
    path("account/verify/<str:uid>/<str:token>/", views.verify_email, name="verify_email"),
    path("account/signin/", views.signin, name="signin"),
    path("account/signout/", views.signout, name="signout"),
    path("account/password-reset/", views.password_reset, name="password_reset"),
    path(
        "account/password-reset/<str:uid>/<str:token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "contributions/<int:pk>/report/",
        moderation_views.report,
        {"kind": "contribution"},
        name="contribution_report",
    ),
    path(
        "comments/<int:pk>/report/",
        moderation_views.report,
        {"kind": "comment"},
        name="comment_report",
    ),
    path(
        "challenges/<slug:slug>/transparency/", moderation_views.transparency, name="transparency"
    ),
    path("moderation/", moderation_views.moderation_home, name="moderation_home"),
    path("moderation/<slug:slug>/", moderation_views.queue, name="moderation_queue"),
    path("moderation/<slug:slug>/audit/", moderation_views.audit_log, name="moderation_audit"),
    path("moderation/cases/<int:pk>/", moderation_views.case, name="moderation_case"),
    path("account/decisions/<int:pk>/appeal/", moderation_views.appeal, name="appeal"),
    path("challenges/<slug:slug>/analysis/", analysis_views.analysis_home, name="analysis_home"),
    path("analysis/runs/<int:pk>/", analysis_views.run_detail, name="analysis_run"),
    path("analysis/runs/<int:pk>/again/", analysis_views.run_again, name="analysis_run_again"),
    path("challenges/<slug:slug>/themes/", analysis_views.themes, name="themes"),
    path("themes/<int:pk>/", analysis_views.theme_detail, name="theme"),
    path(
        "themes/identity/<int:identity_id>/",
        analysis_views.theme_by_identity,
        name="theme_identity",
    ),
    path("panel/", guide_views.panel_index, name="panel_index"),
    path("challenges/<slug:slug>/panel/", guide_views.panel_home, name="panel"),
    path("challenges/<slug:slug>/panel/log/", guide_views.panel_log, name="panel_log"),
    path(
        "challenges/<slug:slug>/panel/themes/<int:identity_id>/",
        guide_views.panel_theme,
        name="panel_theme",
    ),
    *[
        path(
            f"challenges/<slug:slug>/panel/themes/<int:identity_id>/{action}/",
            getattr(guide_views, f"panel_{action}"),
            name=f"panel_{action}",
        )
        for action in ("score", "decide", "rename", "merge", "split", "move", "exemplar", "tip")
    ],
    path("challenges/<slug:slug>/guide/", guide_views.guide_public, name="guide"),
    path("challenges/<slug:slug>/guide/edit/", guide_views.guide_edit, name="guide_edit"),
    path(
        "challenges/<slug:slug>/guide/edit/sections/add/",
        guide_views.guide_section_add,
        name="guide_section_add",
    ),
    path(
        "challenges/<slug:slug>/guide/edit/sections/<int:section_id>/",
        guide_views.guide_section,
        name="guide_section",
    ),
    path(
        "challenges/<slug:slug>/guide/edit/sections/<int:section_id>/move/",
        guide_views.guide_section_move,
        name="guide_section_move",
    ),
    path(
        "challenges/<slug:slug>/guide/edit/sections/<int:section_id>/remove/",
        guide_views.guide_section_remove,
        name="guide_section_remove",
    ),
    path(
        "challenges/<slug:slug>/guide/edit/publish/",
        guide_views.guide_publish,
        name="guide_publish",
    ),
    path("challenges/<slug:slug>/guide/preview/", guide_views.guide_preview, name="guide_preview"),
    path(
        "challenges/<slug:slug>/guide/export/<str:fmt>/",
        guide_views.guide_export,
        name="guide_export",
    ),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility, name="accessibility"),
]
