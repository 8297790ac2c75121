// The editor's Chinese words that Decap CMS's own zh_Hans locale lacks (it falls back to English),
// and the portal's own messages in the editor. Merged over Decap's locale by editor.js.

export const PHRASES = {
  auth: { loginWithForgejo: "使用 Forgejo 登录" },
  collection: {
    collectionTop: { viewAsList: "列表显示", viewAsGrid: "网格显示" },
    entries: { unpublishedHeader: "未发布的内容" },
  },
  editor: {
    // Decap names each field's box after its widget's code name (string, portal-date): not for staff.
    editorControl: { field: { widgetLabel: "填写项" } },
    editorControlPane: {
      widget: {
        rangeMin: "%{fieldLabel}至少要有 %{minCount} 条",
        rangeMax: "%{fieldLabel}最多 %{maxCount} 条",
        regexPattern: "%{fieldLabel}：%{pattern}",
      },
    },
    editorInterface: { toggleNotes: "显示或隐藏备注" },
    editorNotesPane: {
      title: "备注", emptyState: "还没有备注。", addNote: "添加备注", addPlaceholder: "写一条备注……",
      editPlaceholder: "修改备注……", save: "保存", cancel: "取消", edit: "修改", delete: "删除",
      resolve: "标为已解决", unresolve: "标为未解决", confirmDelete: "确定删除这条备注吗？",
      shortcut: "提示：按 Ctrl+Enter 快速添加",
    },
    editorToolbar: {
      statusInfoTooltipDraft: "这条内容是草稿。改完后把状态设为“待审核”，提交审核。",
      statusInfoTooltipInReview: "这条内容正在审核，不需要再做什么；审核期间仍可以修改。",
    },
    editorWidgets: {
      markdown: { strikethrough: "删除线", toggleMode: { rich: "切换到富文本", markdown: "切换到 Markdown" } },
      image: { chooseMultiple: "选择图片", addMore: "添加更多图片", removeAll: "移除全部图片" },
      file: { chooseMultiple: "选择文件", addMore: "添加更多文件", removeAll: "移除全部文件" },
      datetime: { setToNow: "把%{fieldLabel}设为现在" },
      list: { addType: "新增%{item}" },
      object: { expand: "展开", collapse: "收起" },
    },
  },
  mediaLibrary: { mediaLibraryModal: { close: "关闭" } },
  // Decap's zh_Hans says 新建帖子 (a blog's post), and dates a draft "MMMM D", which dayjs writes in English.
  workflow: { workflow: { newPost: "新建", dateFormat: "YYYY-MM-DD" } },
  ui: {
    settingsDropdown: { account: "账户选项" },
    toast: {
      noteAdded: "已添加备注", onFailToAddNote: "添加备注失败：%{details}", noteUpdated: "已修改备注",
      onFailToUpdateNote: "修改备注失败：%{details}", noteDeleted: "已删除备注",
      onFailToDeleteNote: "删除备注失败：%{details}", noteResolved: "备注已标为解决", noteReopened: "备注已重新打开",
      onFailToToggleNote: "更改备注状态失败：%{details}",
      onFailToPersist: "%{details}", // the portal's refusals begin 没有保存 (MESSAGES, editor_backend.py)
    },
  },
};

export const MESSAGES = {
  notSaved: count => `没有保存：有 ${count} 处要先改正（见下方各字段）。`,
  problem: p => (p.field ? `${p.label || p.field}（${p.field}）：${p.message}` : p.message),
  locked: where => `已发布，不能修改、删除或调整顺序。如有错误，请在“更正记录”里新增一条更正，字段写 ${where}.字段名（如 ${where}.note）。`,
  toggleItem: "展开或收起这一条",
  removeItem: "删除这一条",
  dragItem: "拖动以调整顺序",
  removeValue: label => `移除“${label}”`,
  notChecking: "本机后台只是 decap-server，不能按 portal validate 的规则检查，没有保存：请用 scripts/serve --editor（portal editor-backend）启动。",
  backendDown: "无法连接编辑器的本机后台（portal editor-backend），没有保存。",
  noCreate: label => `“${label}”只有一个文件，不能新建：请打开它修改。`,
  noCollection: name => `编辑器里没有“${name}”这一类内容，已回到第一类内容的列表。`,
  noEntry: (label, name) => `“${label}”里没有“${name}”，已回到列表。`,
};
