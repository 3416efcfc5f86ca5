"""Staff accounts and their city memberships.

A superuser has Django's full user admin and appoints city admins; a city admin (admin kota) manages the
writers and editors of their own cities. The roles' groups and permissions are in ``staff.roles``.
"""

import logging

from django.contrib import admin, messages
from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from cities.models import Membership, Role
from cities.scoping import CityScopedAdminMixin, city_ids_for, is_city_admin
from core.events import record_event

from . import two_factor
from .forms import CityStaffChangeForm, CityStaffCreationForm
from .roles import CITY_ADMIN_GRANTS, GROUP_NAMES, sync_user_role_groups

User = get_user_model()


def staff_visible_to_city_admin(request):
    """Users a city admin sees: staff of their cities, and staff not yet in any city; never superusers."""
    city_ids = city_ids_for(request, roles=[Role.ADMIN])
    return (
        User._default_manager.filter(is_superuser=False)
        .filter(Q(memberships__city__in=city_ids) | Q(is_staff=True, memberships__isnull=True))
        .distinct()
    )


@admin.register(Membership)
class MembershipAdmin(CityScopedAdminMixin, admin.ModelAdmin):
    """A city admin manages the writer and editor roles of their own city; a superuser every role of every city."""

    city_scope_roles = (Role.ADMIN,)
    list_display = ("user", "city", "role")
    list_filter = ("role", ("city", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("user", "city")
    search_fields = ("user__username", "user__first_name", "user__last_name", "user__email", "city__short_name")
    autocomplete_fields = ("city",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            users = User._default_manager.order_by("username")
            if not request.user.is_superuser:
                users = staff_visible_to_city_admin(request).filter(is_active=True).order_by("username")
            kwargs["queryset"] = users
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not request.user.is_superuser:
            kwargs["choices"] = [(role.value, role.label) for role in CITY_ADMIN_GRANTS]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def _may_manage(self, request, obj) -> bool:
        # City admins are appointed (and removed) by a superuser.
        return request.user.is_superuser or obj is None or obj.role in CITY_ADMIN_GRANTS

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_manage(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_manage(request, obj)

    def save_model(self, request, obj, form, change):
        previous_user_id = form.initial.get("user") if change else None
        super().save_model(request, obj, form, change)
        sync_user_role_groups(obj.user)
        if previous_user_id and previous_user_id != obj.user_id:
            sync_user_role_groups(User._default_manager.get(pk=previous_user_id))

    def delete_model(self, request, obj):
        user = obj.user
        super().delete_model(request, obj)
        sync_user_role_groups(user)

    def delete_queryset(self, request, queryset):
        if not request.user.is_superuser:
            queryset = queryset.filter(role__in=CITY_ADMIN_GRANTS)
        users = list(User._default_manager.filter(memberships__in=queryset).distinct())
        super().delete_queryset(request, queryset)
        for user in users:
            sync_user_role_groups(user)


class StaffUserAdmin(UserAdmin):
    """User accounts. A superuser has Django's full user admin; a city admin (admin kota) manages the staff of
    their own cities: creates writers and editors, edits names and e-mail, resets passwords, deactivates.

    A city admin sees only accounts with a role in one of their cities, and changes only those held wholly
    there as writer or editor, with no extra permissions. They cannot grant staff or superuser status, groups or
    permissions (a new account gets exactly its role's group), and cannot delete accounts.
    """

    list_display = ("username", "full_name", "email", "city_roles", "is_active", "last_login")
    actions = ("deactivate_selected", "reset_two_factor")

    def _city_admin_ids(self, request) -> set[int]:
        return city_ids_for(request, roles=[Role.ADMIN])

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        memberships = Membership.objects.select_related("city").order_by("city__short_name")
        if not request.user.is_superuser:
            city_ids = self._city_admin_ids(request)
            queryset = queryset.filter(
                pk__in=Membership.objects.filter(city__in=city_ids).values("user"), is_superuser=False
            )
            # Their roles elsewhere are none of this city's business.
            memberships = memberships.filter(city__in=city_ids)
        return queryset.prefetch_related(Prefetch("memberships", queryset=memberships, to_attr="shown_memberships"))

    # Permissions: the roles grant none on users, so a city admin's come from their memberships.

    def has_module_permission(self, request):
        return super().has_module_permission(request) or is_city_admin(request)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or is_city_admin(request)

    def has_add_permission(self, request):
        return super().has_add_permission(request) if request.user.is_superuser else is_city_admin(request)

    def has_change_permission(self, request, obj=None):
        if request.user.is_superuser:
            return super().has_change_permission(request, obj)
        if not is_city_admin(request):
            return False
        if obj is None or obj.pk == request.user.pk:
            return True
        if obj.is_superuser or obj.user_permissions.exists():
            return False
        if obj.groups.exclude(name__in=GROUP_NAMES.values()).exists():
            return False
        memberships = Membership.objects.filter(user=obj)
        held_elsewhere = memberships.exclude(city__in=self._city_admin_ids(request), role__in=CITY_ADMIN_GRANTS)
        return memberships.exists() and not held_elsewhere.exists()

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            fieldsets = super().get_fieldsets(request, obj)
            return fieldsets if obj is None else (*fieldsets, (_("City and role"), {"fields": ("city_roles",)}))
        if obj is None:
            return (
                (None, {"fields": ("username", "password1", "password2")}),
                (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
                (_("City and role"), {"fields": ("city", "role")}),
            )
        return (
            (None, {"fields": ("username", "password_link")}),
            (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
            (_("City and role"), {"fields": ("city_roles", "is_active")}),
            (_("Important dates"), {"fields": ("last_login", "date_joined")}),
        )

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ("city_roles",) if obj else ()
        return ("username", "password_link", "city_roles", "last_login", "date_joined") if obj else ()

    def get_form(self, request, obj=None, **kwargs):
        if request.user.is_superuser:
            return super().get_form(request, obj, **kwargs)
        if obj is None:
            city_ids = self._city_admin_ids(request)

            class Form(CityStaffCreationForm):
                def __init__(self, *args, **kw):
                    super().__init__(*args, city_ids=city_ids, **kw)

        else:
            request_user = request.user

            class Form(CityStaffChangeForm):
                def __init__(self, *args, **kw):
                    super().__init__(*args, request_user=request_user, **kw)

        kwargs["form"] = Form
        return admin.ModelAdmin.get_form(self, request, obj, **kwargs)

    def get_list_filter(self, request):
        if request.user.is_superuser:
            return (*super().get_list_filter(request), "memberships__role")
        return ("is_active", "memberships__role", ("memberships__city", admin.RelatedOnlyFieldListFilter))

    def save_model(self, request, obj, form, change):
        if change or request.user.is_superuser:
            super().save_model(request, obj, form, change)
            return
        # A city admin's new account: staff of one city in one role, and nothing more.
        obj.is_staff = True
        obj.is_superuser = False
        super().save_model(request, obj, form, change)
        Membership.objects.create(user=obj, city=form.cleaned_data["city"], role=form.cleaned_data["role"])
        sync_user_role_groups(obj)

    def _not_allowed(self, request, user):
        self.message_user(
            request,
            gettext("“%(headline)s” was not changed: %(reason)s")
            % {"headline": user.get_username(), "reason": gettext("You are not allowed to do this.")},
            messages.ERROR,
        )

    @admin.action(description=_("Deactivate selected staff accounts"))
    def deactivate_selected(self, request, queryset):
        done = 0
        for user in queryset.filter(is_active=True):
            if user.pk == request.user.pk or not self.has_change_permission(request, user):
                self._not_allowed(request, user)
                continue
            user.is_active = False
            user.save(update_fields=["is_active"])
            done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d account deactivated.", "%(count)d accounts deactivated.", done) % {"count": done},
                messages.SUCCESS,
            )

    @admin.action(description=_("Reset two-step verification (lost phone)"))
    def reset_two_factor(self, request, queryset):
        """The staff member sets up their app again at their next login. Sessions verified by the removed app
        stop counting as verified, so where the role requires a second factor they end at the next request."""
        done = 0
        for user in queryset:
            if not self.has_change_permission(request, user):
                self._not_allowed(request, user)
                continue
            two_factor.remove_second_factor(user)
            record_event("two_factor_removed", level=logging.WARNING, username=user.get_username())
            done += 1
        if done:
            self.message_user(
                request,
                ngettext(
                    "Two-step verification reset for %(count)d account: it is set up again at the next login.",
                    "Two-step verification reset for %(count)d accounts: each is set up again at the next login.",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )

    @admin.display(description=_("name"))
    def full_name(self, obj):
        return obj.get_full_name()

    @admin.display(description=_("cities and roles"))
    def city_roles(self, obj):
        memberships = getattr(obj, "shown_memberships", None)
        if memberships is None:
            memberships = list(obj.memberships.select_related("city"))
        return format_html_join(", ", "{} ({})", ((m.city.short_name, m.get_role_display()) for m in memberships))

    @admin.display(description=_("password"))
    def password_link(self, obj):
        url = reverse(f"{self.admin_site.name}:auth_user_password_change", args=[quote(str(obj.pk))])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Set a new password"))


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)

# Authenticator devices are managed by their owners (staff.views) and reset by the "lost phone" action above;
# django-otp's own admin would show any user's secret as a QR code to a superuser.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)
