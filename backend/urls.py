from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from accounts import apis as account_apis
from analysis import apis as analysis_apis
from backend.health import healthz
from guide import apis as guide_apis
from ideas import apis as idea_apis
from moderation import apis as moderation_apis

api_patterns = [
    path("challenges/", idea_apis.ChallengeListApi.as_view(), name="challenge-list"),
    path(
        "challenges/<slug:slug>/", idea_apis.ChallengeDetailApi.as_view(), name="challenge-detail"
    ),
    path("challenges/<slug:slug>/live/", idea_apis.LiveStateApi.as_view(), name="challenge-live"),
    path(
        "challenges/<slug:slug>/contributions/",
        idea_apis.ContributionListCreateApi.as_view(),
        name="contribution-list",
    ),
    path(
        "contributions/<int:pk>/",
        idea_apis.ContributionDetailApi.as_view(),
        name="contribution-detail",
    ),
    path(
        "contributions/<int:pk>/withdraw/",
        idea_apis.ContributionWithdrawApi.as_view(),
        name="contribution-withdraw",
    ),
    path(
        "contributions/<int:pk>/vote/",
        idea_apis.ContributionVoteApi.as_view(),
        name="contribution-vote",
    ),
    path(
        "contributions/<int:pk>/comments/",
        idea_apis.CommentListCreateApi.as_view(),
        name="comment-list",
    ),
    path(
        "comments/<int:pk>/withdraw/",
        idea_apis.CommentWithdrawApi.as_view(),
        name="comment-withdraw",
    ),
    path("comments/<int:pk>/vote/", idea_apis.CommentVoteApi.as_view(), name="comment-vote"),
    path("auth/signup/", account_apis.SignUpApi.as_view(), name="auth-signup"),
    path("auth/verify/", account_apis.VerifyEmailApi.as_view(), name="auth-verify"),
    path("auth/signin/", account_apis.SignInApi.as_view(), name="auth-signin"),
    path("auth/signout/", account_apis.SignOutApi.as_view(), name="auth-signout"),
    path("auth/token/", account_apis.TokenApi.as_view(), name="auth-token"),
    path(
        "auth/password-reset/", account_apis.PasswordResetApi.as_view(), name="auth-password-reset"
    ),
    path(
        "auth/password-reset/confirm/",
        account_apis.PasswordResetConfirmApi.as_view(),
        name="auth-password-reset-confirm",
    ),
    path("me/", account_apis.MeApi.as_view(), name="me"),
    path("me/data/", account_apis.MyDataApi.as_view(), name="me-data"),
    path("me/contributions/", idea_apis.MyContributionsApi.as_view(), name="me-contributions"),
    path(
        "contributions/<int:pk>/report/",
        moderation_apis.ContributionReportApi.as_view(),
        name="contribution-report",
    ),
    path(
        "comments/<int:pk>/report/",
        moderation_apis.CommentReportApi.as_view(),
        name="comment-report",
    ),
    path(
        "challenges/<slug:slug>/transparency/",
        moderation_apis.TransparencyApi.as_view(),
        name="transparency",
    ),
    path(
        "moderation/<slug:slug>/cases/",
        moderation_apis.CaseListApi.as_view(),
        name="moderation-cases",
    ),
    path(
        "moderation/<slug:slug>/audit/",
        moderation_apis.AuditLogApi.as_view(),
        name="moderation-audit",
    ),
    path(
        "moderation/cases/<int:pk>/",
        moderation_apis.CaseDetailApi.as_view(),
        name="moderation-case",
    ),
    path(
        "moderation/cases/<int:pk>/decision/",
        moderation_apis.CaseDecisionApi.as_view(),
        name="moderation-case-decide",
    ),
    path(
        "moderation/appeals/<int:pk>/decision/",
        moderation_apis.AppealDecisionApi.as_view(),
        name="moderation-appeal-decide",
    ),
    path(
        "decisions/<int:pk>/appeal/",
        moderation_apis.AppealCreateApi.as_view(),
        name="decision-appeal",
    ),
    path("me/notices/", moderation_apis.MyNoticesApi.as_view(), name="me-notices"),
    path(
        "challenges/<slug:slug>/analysis/runs/",
        analysis_apis.RunCreateApi.as_view(),
        name="analysis-runs",
    ),
    path("analysis/runs/<int:pk>/", analysis_apis.RunDetailApi.as_view(), name="analysis-run"),
    path("challenges/<slug:slug>/themes/", analysis_apis.ThemeListApi.as_view(), name="themes"),
    path("themes/<int:pk>/", analysis_apis.ThemeDetailApi.as_view(), name="theme"),
    path("challenges/<slug:slug>/similar/", analysis_apis.SimilarApi.as_view(), name="similar"),
    path("challenges/<slug:slug>/panel/", guide_apis.PanelApi.as_view(), name="panel"),
    path(
        "challenges/<slug:slug>/panel/themes/<int:pk>/scores/",
        guide_apis.ScoreSheetApi.as_view(),
        name="panel-scores",
    ),
    path(
        "challenges/<slug:slug>/panel/themes/<int:pk>/decisions/",
        guide_apis.DecisionApi.as_view(),
        name="panel-decisions",
    ),
    path("challenges/<slug:slug>/guide/", guide_apis.GuideApi.as_view(), name="guide"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include((api_patterns, "api"))),
    path("", include("frontend.urls")),
]

handler400 = "frontend.views.bad_request"
handler403 = "frontend.views.permission_denied"
handler404 = "frontend.views.page_not_found"
handler500 = "frontend.views.server_error"
