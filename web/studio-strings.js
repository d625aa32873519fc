// The shell's own strings (tabs, banners, the workspace), in English and Chinese; each view
// brings its own (the `strings` of its module). Merged into web/i18n.js by app.js.

export const STUDIO_STRINGS = {
  en: {
    'studio.skip': 'Skip to the current view',
    'studio.nav': 'Studio views',
    'studio.viewFailed': 'A view could not start: {message}',
    'workspace.storageFailed': 'Your workspace cannot be saved in this browser ({message}); it is kept until the tab closes.',
    'model.progressLabel': 'Model loading progress',
    'ft.progressLabel': 'Fine-tuning progress',
  },
  zh: {
    'studio.skip': '跳到当前视图',
    'studio.nav': '工作室视图',
    'studio.viewFailed': '有一个视图无法启动：{message}',
    'workspace.storageFailed': '此浏览器无法保存您的工作区（{message}）；关闭标签页前数据仍然保留。',
    'model.progressLabel': '模型加载进度',
    'ft.progressLabel': '微调进度',
  },
};
