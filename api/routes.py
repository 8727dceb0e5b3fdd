from rest_framework.routers import DefaultRouter

from . import needs, procurements, sharing, sprints, views

router = DefaultRouter()
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
