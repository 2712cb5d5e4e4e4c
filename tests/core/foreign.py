FOREIGN = {"store_edit": lambda store: {"pk": store.pk}}
