from rest_framework.routers import DefaultRouter

from savedviews.api.views import SavedViewViewSet

router = DefaultRouter()
router.register("saved-views", SavedViewViewSet, basename="saved-view")
urlpatterns = router.urls
