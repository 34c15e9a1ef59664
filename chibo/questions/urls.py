from django.urls import path

from chibo.questions import views

app_name = "questions"

urlpatterns = [
    # staff
    path("", views.QuestionListView.as_view(), name="list"),
    path("<int:pk>/", views.QuestionDetailView.as_view(), name="detail"),
    path("<int:pk>/answer/", views.AnswerView.as_view(), name="answer"),
    path("<int:pk>/publish/", views.PublishView.as_view(), name="publish"),
    path("<int:pk>/close/", views.CloseView.as_view(), name="close"),
    # members (phone first)
    path("ask/", views.AskView.as_view(), name="ask"),
    path("mine/", views.MineView.as_view(), name="mine"),
    path("faq/", views.FaqView.as_view(), name="faq"),
]
