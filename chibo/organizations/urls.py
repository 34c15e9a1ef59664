from django.urls import path

from chibo.organizations import views

app_name = "organizations"

urlpatterns = [
    path("", views.TreeView.as_view(), name="tree"),
    path("warnings/", views.WarningsView.as_view(), name="warnings"),
    path("as-of/", views.AsOfView.as_view(), name="as_of"),
    path("suggest/", views.UnitSuggestView.as_view(), name="suggest"),
    path("<str:code>/", views.UnitDetailView.as_view(), name="detail"),
    path("<str:code>/children/", views.TreeChildrenView.as_view(), name="children"),
    path("<str:code>/audit/", views.UnitAuditView.as_view(), name="audit"),
    path("<str:code>/new/", views.UnitCreateView.as_view(), name="create"),
    path("<str:code>/edit/", views.UnitEditView.as_view(), name="edit"),
    path("<str:code>/rename/", views.UnitRenameView.as_view(), name="rename"),
    path("<str:code>/move/", views.UnitMoveView.as_view(), name="move"),
    path("<str:code>/merge/", views.UnitMergeView.as_view(), name="merge"),
    path("<str:code>/split/", views.UnitSplitView.as_view(), name="split"),
    path("<str:code>/dissolve/", views.UnitDissolveView.as_view(), name="dissolve"),
]
