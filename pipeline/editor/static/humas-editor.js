// humas: loaded after decap-cms.js. Keeps what the editor saves exactly what `humas check` accepts.
(function () {
  "use strict";
  var CMS = window.CMS;

  function isCollection(v) { return v !== null && typeof v === "object" && typeof v.toJS === "function"; }
  function isList(v) { return isCollection(v) && typeof v.push === "function"; }
  function isEmpty(v) {
    return v === null || v === undefined || v === "" || (isCollection(v) && v.size === 0);
  }

  // Decap writes every field of a form, filled or not: drop empty strings, empty lists and empty
  // groups, so that a channel nobody filled in is not in the draft at all.
  function prune(v) {
    if (isList(v)) { return v.map(prune).filter(function (x) { return !isEmpty(x); }); }
    if (isCollection(v)) {
      var out = v;
      v.forEach(function (child, key) {
        var kept = prune(child);
        out = isEmpty(kept) ? out.delete(key) : out.set(key, kept);
      });
      return out;
    }
    return v;
  }

  // The website channel has nothing to set: a switch, written as `website: {}` when on and left out
  // when off (a draft without it loads as off). The control shows a loaded `{}` as on.
  var toggle = CMS.getWidget("boolean");
  function isOn(value) { return value !== null && value !== undefined && value !== false; }
  var WebsiteControl = window.createClass({
    render: function () {
      return window.h(toggle.control, Object.assign({}, this.props, { value: isOn(this.props.value) }));
    },
  });
  CMS.registerWidget("humas-website", WebsiteControl, toggle.preview);
  CMS.registerWidgetValueSerializer("humas-website", {
    // Decap serializes before the preSave event: `false` reaches the handler below, which drops it.
    serialize: function (value) { return isOn(value) ? {} : false; },
    deserialize: isOn,
  });

  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var data = event.entry.get("data");
      if (data.getIn(["channels", "website"]) === false) { data = data.deleteIn(["channels", "website"]); }
      return prune(data);
    },
  });

  CMS.registerLocale("id", {
    app: {
      header: { content: "Konten", workflow: "Alur kerja", media: "Media", quickAdd: "Buat baru" },
      app: { loadingConfig: "Memuat konfigurasi…", waitingBackend: "Menunggu repositori…" },
    },
    auth: { login: "Masuk", loggingIn: "Sedang masuk…", loginWithGitHub: "Masuk dengan GitHub" },
    collection: {
      sidebar: { collections: "Koleksi", searchAll: "Cari" },
      collectionTop: { newButton: "%{collectionLabel} baru", sortBy: "Urutkan", viewAs: "Tampilan" },
      entries: { loadingEntries: "Memuat…", noEntries: "Belum ada isi", unpublishedHeader: "Belum terbit" },
    },
    editor: {
      editorToolbar: {
        save: "Simpan", saving: "Menyimpan…", deleteEntry: "Hapus", status: "Status: %{status}",
        draft: "Draf", inReview: "Dalam peninjauan", ready: "Siap", publish: "Terbitkan",
        published: "Terbit", unsavedChanges: "Ada perubahan yang belum disimpan",
        changesSaved: "Perubahan tersimpan", deleteUnpublishedEntry: "Hapus draf",
        backCollection: " Menulis di koleksi %{collectionLabel}",
        deployPreviewButtonLabel: "Lihat pratinjau", deployPreviewPendingButtonLabel: "Periksa pratinjau",
      },
      editorWidgets: {
        image: { choose: "Pilih gambar", chooseDifferent: "Ganti gambar", remove: "Hapus gambar" },
        file: { choose: "Pilih berkas", chooseDifferent: "Ganti berkas", remove: "Hapus berkas" },
        list: { add: "Tambah %{item}", addType: "Tambah %{item}" },
        datetime: { now: "Sekarang", clear: "Kosongkan" },
      },
      editorControl: { field: { optional: "opsional" } },
      editorControlPane: {
        widget: {
          required: "%{fieldLabel} wajib diisi.",
          regexPattern: "%{fieldLabel} tidak sesuai: %{pattern}.",
          range: "%{fieldLabel} harus antara %{minValue} dan %{maxValue}.",
          rangeMax: "%{fieldLabel} paling banyak %{maxCount} %{maxCount, plural, one {butir} other {butir}}.",
        },
      },
    },
    mediaLibrary: {
      mediaLibraryCard: { draft: "Draf" },
      mediaLibraryButtons: { copy: "Salin", copyName: "Salin nama", copyPath: "Salin path", copyUrl: "Salin URL",
                             copied: "Tersalin" },
      mediaLibraryModal: {
        images: "Gambar", mediaAssets: "Berkas media", search: "Cari…", uploading: "Mengunggah…",
        upload: "Unggah", download: "Unduh", deleteSelected: "Hapus yang dipilih", chooseSelected: "Pakai yang dipilih",
        noAssetsFound: "Belum ada berkas.", noImagesFound: "Belum ada gambar.",
      },
    },
    workflow: {
      mediaLibrary: {
      mediaLibraryCard: { draft: "Draf" },
      mediaLibraryButtons: { copy: "Salin", copyName: "Salin nama", copyPath: "Salin path", copyUrl: "Salin URL",
                             copied: "Tersalin" },
      mediaLibraryModal: {
        images: "Gambar", mediaAssets: "Berkas media", search: "Cari…", uploading: "Mengunggah…",
        upload: "Unggah", download: "Unduh", deleteSelected: "Hapus yang dipilih", chooseSelected: "Pakai yang dipilih",
        noAssetsFound: "Belum ada berkas.", noImagesFound: "Belum ada gambar.",
      },
    },
    workflow: {
        loading: "Memuat alur kerja", workflowHeading: "Alur kerja redaksi",
        newPost: "Draf baru", description: "%{smart_count} draf menunggu peninjauan, %{readyCount} siap.",
      },
      workflowList: {
        draftHeader: "Draf", inReviewHeader: "Dalam peninjauan", readyHeader: "Siap",
      },
    },
    ui: {
      toast: {
        entrySaved: "Tersimpan", onFailToPersist: "Gagal menyimpan: %{details}",
        missingRequiredField: "Ada kolom wajib yang belum diisi.",
      },
    },
  });
})();
