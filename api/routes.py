from rest_framework.routers import DefaultRouter

from . import needs, procurements, sharing, sprints, views

# JSON only: no `.json` suffix routes (the custom actions do not take a `format`
# argument, so `/needs/1/submit.json/` was a server error).
router = DefaultRouter(trailing_slash=True)
router.include_format_suffixes = False
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("notifications", views.NotificationViewSet, basename="notification")
router.register("procurements", procurements.ProcurementCaseViewSet, basename="procurement")
router.register("needs", needs.NeedViewSet, basename="need")
router.register("challenges", needs.ChallengeViewSet, basename="challenge")
router.register("listings", sharing.ListingViewSet, basename="listing")
router.register("reservations", sharing.BookingViewSet, basename="reservation")
router.register("sprint-call-offs", sprints.CallOffViewSet, basename="sprint-call-off")
router.register("sprint-sessions", sprints.SessionViewSet, basename="sprint-session")
router.register("sprint-offers", sprints.OfferViewSet, basename="sprint-offer")
