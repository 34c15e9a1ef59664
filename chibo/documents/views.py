"""Pages of the documents library: staff pages (publish, assign for study, follow completion) and
the members' phone-first pages (library, reading, bookmarks, marking a document studied).

Member pages need a signed-in user linked to a member record or holding a staff role (403
otherwise); a document or an assignment the user may not read is 404. Files are only sent
through ``DownloadView``, which checks the same scope, never from a public media URL.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from chibo.accounts.roles import Action
from chibo.core.messages import violation_message
from chibo.core.scoping import can, paths_for
from chibo.core.views import ManagedObjectMixin, ServiceFormView, StaffView
from chibo.documents import forms, selectors, services
from chibo.documents.models import Document, StudyAssignment
from chibo.organizations.selectors import scope_roots
from chibo.rules.errors import RuleViolation

STAFF_PAGE = 50
MEMBER_PAGE = 20
MEMBERS_PAGE = 100


def _filtered(request: HttpRequest, **extra: Any) -> tuple[forms.LibraryFilterForm, Any]:
    form = forms.LibraryFilterForm(request.GET or None, years=selectors.document_years(user=request.user))
    documents = selectors.document_list(user=request.user, **form.filters(), **extra)
    return form, documents


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# --- staff pages ------------------------------------------------------------------------------


class DocumentListView(StaffView):
    def get(self, request: HttpRequest) -> HttpResponse:
        form, documents = _filtered(request, withdrawn=True)
        page = Paginator(documents, STAFF_PAGE).get_page(request.GET.get("page"))
        roots = scope_roots(user=request.user, action=Action.MANAGE)
        return render(
            request,
            "documents/document_list.html",
            {"form": form, "page": page, "publish_roots": roots[:20], "query": _query_without_page(request)},
        )


class _ManagedDocumentMixin(ManagedObjectMixin):
    def get_document(self) -> Document:
        return self.managed(lambda user, pk: selectors.document_for(user, pk, withdrawn=True))


class PublishView(ServiceFormView):
    required_action = Action.MANAGE
    template_name = "documents/form.html"
    form_class = forms.DocumentForm
    success_message = gettext_lazy("The document was published.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        unit = self.get_unit()
        title = _("Publish a document to %(unit)s") % {"unit": unit.name}
        return super().get_context_data(unit=unit, title=title, multipart=True, **kwargs)

    def perform(self, form: Any) -> Document:
        return services.document_publish(actor=self.request.user, unit=self.get_unit(), **form.cleaned_data)

    def get_success_url(self) -> str:
        return reverse("documents:detail", args=[self.result.pk])


class DocumentEditView(_ManagedDocumentMixin, ServiceFormView):
    required_action = Action.MANAGE
    template_name = "documents/form.html"
    form_class = forms.DocumentForm
    success_message = gettext_lazy("The document was saved.")

    def get_initial(self) -> dict[str, Any]:
        document = self.get_document()
        return {name: getattr(document, name) for name in services.EDITABLE if name != "file"}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        document = self.get_document()
        return super().get_context_data(
            document=document, title=_("Edit the document"), multipart=True, **kwargs
        )

    def perform(self, form: Any) -> Document:
        return services.document_update(
            actor=self.request.user, document=self.get_document(), **form.cleaned_data
        )

    def get_success_url(self) -> str:
        return reverse("documents:detail", args=[self.get_document().pk])


class DocumentDetailView(StaffView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = selectors.document_for(request.user, pk, withdrawn=True)
        return render(request, "documents/document_detail.html", self.context(request, document))

    def context(self, request: HttpRequest, document: Document, **extra: Any) -> dict[str, Any]:
        can_manage = can(request.user, Action.MANAGE, document.unit) and document.is_published
        rows = []
        for assignment in selectors.assignment_list(user=request.user, document=document):
            within = selectors.staff_root(request.user, assignment)
            if within is not None:
                rows.append((assignment, within, selectors.completion(assignment, within)))
        may_assign = document.is_published and bool(paths_for(request.user, Action.MANAGE))
        return {
            "document": document,
            "assignments": rows,
            "can_manage": can_manage,
            "assign_form": extra.get("assign_form") or (forms.AssignForm() if may_assign else None),
            "withdraw_form": extra.get("withdraw_form") or (forms.WithdrawForm() if can_manage else None),
        }


class WithdrawView(_ManagedDocumentMixin, DocumentDetailView):
    required_action = Action.MANAGE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = self.get_document()
        form = forms.WithdrawForm(request.POST)
        if form.is_valid():
            try:
                services.document_withdraw(actor=request.user, document=document, **form.cleaned_data)
                messages.success(request, _("The document was withdrawn."))
                return HttpResponseRedirect(reverse("documents:detail", args=[document.pk]))
            except RuleViolation as violation:
                form.add_error(None, violation_message(violation))
        context = self.context(request, document, withdraw_form=form)
        return render(request, "documents/document_detail.html", context, status=400)


class AssignView(ServiceFormView):
    required_action = Action.MANAGE
    template_name = "documents/form.html"
    form_class = forms.AssignForm
    success_message = gettext_lazy("The document was assigned for study.")

    def get_document(self) -> Document:
        if not hasattr(self, "_document"):
            self._document = selectors.document_for(self.request.user, self.kwargs["pk"])
        return self._document

    def get_initial(self) -> dict[str, Any]:
        document = self.get_document()
        return {"unit": document.unit.code} if can(self.request.user, Action.MANAGE, document.unit) else {}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        document = self.get_document()
        return super().get_context_data(document=document, title=_("Assign for study"), **kwargs)

    def perform(self, form: Any) -> StudyAssignment:
        return services.study_assign(
            actor=self.request.user,
            document=self.get_document(),
            unit=self.units["unit"],
            due_on=form.cleaned_data.get("due_on"),
        )

    def get_success_url(self) -> str:
        return reverse("documents:assignment", args=[self.result.pk])


class AssignmentView(StaffView):
    """Who has studied: each member of the part of the subtree the user follows, and the roll-ups."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        assignment = selectors.assignment_for(request.user, pk)
        within = selectors.staff_root(request.user, assignment)
        if within is None:
            raise Http404
        members = selectors.assignment_members(assignment, within)
        only = request.GET.get("only")
        if only == "missing":
            members = members.filter(studied_on__isnull=True)
        elif only == "done":
            members = members.filter(studied_on__isnull=False)
        page = Paginator(members, MEMBERS_PAGE).get_page(request.GET.get("page"))
        return render(
            request,
            "documents/assignment_detail.html",
            {
                "assignment": assignment,
                "document": assignment.document,
                "within": within,
                "completion": selectors.completion(assignment, within),
                "page": page,
                "only": only or "",
            },
        )


# --- member pages ----------------------------------------------------------------------------


class LibraryView(LoginRequiredMixin, View):
    """Base of the members' pages: a member linked to their record, or a staff user."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not selectors.may_use_library(request.user):
            raise PermissionDenied(_("Your account is not linked to a member record."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        form, documents = _filtered(request)
        page = Paginator(documents, MEMBER_PAGE).get_page(request.GET.get("page"))
        return render(
            request,
            "documents/library.html",
            {"form": form, "page": page, "query": _query_without_page(request), "tab": "library"},
        )


class ReadView(LibraryView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:  # type: ignore[override]
        document = selectors.document_for(request.user, pk)
        member = selectors.own_member(request.user)
        assignments = []
        if member is not None:
            assignments = [a for a in selectors.member_assignments(member) if a.document_id == document.pk]
        return render(
            request,
            "documents/read.html",
            {
                "document": document,
                "member": member,
                "assignments": assignments,
                "bookmarked": selectors.is_bookmarked(request.user, document),
                "mark_form": forms.StudyMarkForm(),
                "tab": "library",
            },
        )


class BookmarkView(LibraryView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = selectors.document_for(request.user, pk)
        if services.bookmark_toggle(actor=request.user, document=document):
            messages.success(request, _("Bookmarked."))
        else:
            messages.success(request, _("The bookmark was removed."))
        return HttpResponseRedirect(reverse("documents:read", args=[document.pk]))


class BookmarksView(LibraryView):
    def get(self, request: HttpRequest) -> HttpResponse:
        page = Paginator(selectors.bookmarked_documents(user=request.user), MEMBER_PAGE).get_page(
            request.GET.get("page")
        )
        return render(request, "documents/bookmarks.html", {"page": page, "tab": "bookmarks", "query": ""})


class MyStudyView(LibraryView):
    def get(self, request: HttpRequest) -> HttpResponse:
        member = selectors.own_member(request.user)
        assignments = list(selectors.member_assignments(member)) if member else []
        return render(
            request,
            "documents/my_study.html",
            {"member": member, "assignments": assignments, "tab": "study"},
        )


class MarkView(LibraryView):
    """The member's button: "I have studied it", with an optional note."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        assignment = selectors.assignment_for(request.user, pk)
        member = selectors.own_member(request.user)
        if member is None:
            raise PermissionDenied(_("Your account is not linked to a member record."))
        back = reverse("documents:read", args=[assignment.document_id])
        form = forms.StudyMarkForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
            return HttpResponseRedirect(back)
        try:
            services.study_mark(actor=request.user, assignment=assignment, member=member, **form.cleaned_data)
            messages.success(request, _("Marked as studied. Thank you."))
        except RuleViolation as violation:
            messages.error(request, violation_message(violation))
        return HttpResponseRedirect(back)


class DownloadView(LibraryView):
    """The document's file, as an attachment, to a user who may read the document."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = selectors.document_for(request.user, pk)
        return download_response(document)


def download_response(document: Document) -> FileResponse:
    if not document.file:
        raise Http404(_("This document has no file."))
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.file_name or document.file.name.rsplit("/", 1)[-1],
        content_type=document.file_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
