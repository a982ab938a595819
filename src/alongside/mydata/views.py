from __future__ import annotations

from urllib.parse import quote

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from alongside.circles.access import circle_context, circle_view
from alongside.circles.models import Membership, Role
from alongside.mydata import deletion, services
from alongside.mydata import lock as lock_services
from alongside.mydata.forms import DeleteAccountForm, DeviceSafetyForm, HandoverForm, UnlockForm
from alongside.mydata.models import CircleDeletion, DataExport, DeviceSafety, ExportState, HandoverOffer


@login_required
def index(request):
    services.expire_old_exports(request.user)
    exports = DataExport.objects.filter(user=request.user)[:5]
    offers = HandoverOffer.objects.filter(offered_to=request.user).select_related("circle", "offered_by")
    organised = Membership.objects.for_user(request.user).filter(role=Role.ORGANISER).select_related("circle")
    return render(
        request,
        "mydata/index.html",
        {"exports": exports, "ExportState": ExportState, "offers": offers, "organised": organised},
    )


@login_required
@require_POST
def request_export(request):
    data_export = services.request_export(request.user, language=request.LANGUAGE_CODE)
    if data_export.state == ExportState.READY:
        messages.success(request, _("Your export is ready. The download link works once."))
    else:
        messages.success(
            request, _("Your export is being prepared. Come back to this page in a few minutes.")
        )
    return redirect("mydata:index")


@login_required
def download(request, token: str):
    try:
        content = services.download_export(request.user, token)
    except services.ExportNotAvailable as exc:
        raise Http404 from exc
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="alongside-my-data-{timezone.now():%Y-%m-%d}.zip"'
    )
    return response


# --- Leaving for good ---------------------------------------------------------------------------


@login_required
@reauthentication_required
def delete_account(request):
    preview = deletion.preview_account_deletion(request.user)
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and not preview.blocking and form.is_valid():
        user = request.user
        logout(request)
        deletion.delete_account(user, shared=form.cleaned_data["shared"])
        messages.success(request, _("Your account and your data are deleted. Take care."))
        return redirect("core:home")
    return render(request, "mydata/delete_account.html", {"preview": preview, "form": form})


@circle_view(roles=(Role.ORGANISER,))
def handover(request, membership):
    circle = membership.circle
    supporters = get_user_model().objects.filter(
        memberships__circle=circle, memberships__role=Role.SUPPORTER, memberships__left_at__isnull=True
    )
    form = HandoverForm(request.POST or None, supporters=supporters)
    offer = HandoverOffer.objects.filter(circle=circle).select_related("offered_to").first()
    if request.method == "POST" and request.POST.get("withdraw") and offer is not None:
        deletion.decline_handover(request.user, offer)
        messages.success(request, _("The offer is withdrawn."))
        return redirect("mydata:handover", circle_id=circle.id)
    if request.method == "POST" and form.is_valid():
        deletion.offer_handover(request.user, circle, form.cleaned_data["to"])
        messages.success(request, _("Offer sent. They take over when they accept it on their My data page."))
        return redirect("mydata:handover", circle_id=circle.id)
    return render(request, "mydata/handover.html", circle_context(membership, form=form, offer=offer))


@circle_view(roles=(Role.SUPPORTER,))
def handover_answer(request, membership):
    offer = HandoverOffer.objects.filter(circle=membership.circle, offered_to=request.user).first()
    if request.method == "POST" and offer is not None:
        if request.POST.get("answer") == "accept":
            deletion.accept_handover(request.user, offer)
            messages.success(request, _("You are now this circle's organiser."))
            return redirect("circles:detail", circle_id=membership.circle_id)
        deletion.decline_handover(request.user, offer)
        messages.success(request, _("You said no. Nothing changed."))
        return redirect("mydata:index")
    return render(request, "mydata/handover_answer.html", circle_context(membership, offer=offer))


@circle_view(roles=(Role.ORGANISER,))
def delete_circle(request, membership):
    circle = membership.circle
    if request.method == "POST":
        if request.POST.get("undo"):
            deletion.undo_circle_deletion(request.user, circle)
            messages.success(request, _("The circle stays. Nothing was deleted."))
        elif request.POST.get("confirm"):
            deletion.schedule_circle_deletion(request.user, circle)
            messages.success(
                request, _("The circle will be deleted in 7 days. You can still change your mind.")
            )
        return redirect("mydata:delete_circle", circle_id=circle.id)
    pending = CircleDeletion.objects.filter(circle=circle).first()
    members = Membership.objects.active().filter(circle=circle).count()
    return render(
        request, "mydata/delete_circle.html", {"circle": circle, "pending": pending, "members": members}
    )


# --- A shared device -------------------------------------------------------------------------------


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
def device(request):
    safety, _created = DeviceSafety.objects.get_or_create(user=request.user)
    initial = {
        "lock_after_minutes": safety.lock_after_minutes,
        "sign_out_after_minutes": safety.sign_out_after_minutes,
    }
    form = DeviceSafetyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        lock_services.save_device_safety(
            request.user,
            pin=form.cleaned_data["pin"],
            remove_pin=form.cleaned_data["remove_pin"],
            lock_after_minutes=form.cleaned_data["lock_after_minutes"],
            sign_out_after_minutes=form.cleaned_data["sign_out_after_minutes"],
        )
        messages.success(request, _("Saved."))
        return redirect("mydata:device")
    return render(request, "mydata/device.html", {"form": form, "safety": safety})


@login_required
@require_POST
def lock_now(request):
    if request.device_safety is None or not request.device_safety.has_pin:
        messages.info(request, _("Choose a PIN first: the app asks for it to unlock."))
        return redirect("mydata:device")
    lock_services.lock(request)
    return redirect(f"{reverse('mydata:unlock')}?next={quote(_safe_next(request, reverse('circles:home')))}")


@login_required
def unlock(request):
    next_url = _safe_next(request, reverse("circles:home"))
    if not request.session.get(lock_services.LOCKED) or request.device_safety is None:
        return redirect(next_url)
    form = UnlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = lock_services.unlock_with(request, form.cleaned_data["pin"])
        if outcome == "ok":
            return redirect(next_url)
        if outcome == "signed_out":
            messages.error(request, _("Five wrong PINs: you are signed out. Log in again to continue."))
            return redirect("account_login")
        left = lock_services.MAX_PIN_FAILURES - request.session.get(lock_services.FAILURES, 0)
        form.add_error(
            "pin",
            ngettext(
                "That PIN is not right. %(left)d try left before you are signed out.",
                "That PIN is not right. %(left)d tries left before you are signed out.",
                left,
            )
            % {"left": left},
        )
    return render(request, "mydata/unlock.html", {"form": form, "next": next_url})


@login_required
@require_POST
def sign_out_everywhere(request):
    lock_services.sign_out_everywhere(request)
    messages.success(request, _("You are signed out on every device, this one too."))
    return redirect("account_login")
