import './style.css'
import { mount } from 'svelte'
import App from './App.svelte'
import { installLinkGuard } from './lib/links'
import { skipWailsDevOverlay } from './lib/wailsdev'
import { platformOf } from './lib/platform'

document.documentElement.dataset.platform = platformOf(navigator.platform) // the font stacks, before the first paint
skipWailsDevOverlay()
installLinkGuard() // before anything renders: no link in the page may navigate the window

// Svelte 5 mounts with mount(); the Svelte 4 `new App()` of Wails' template throws and leaves a blank window.
export default mount(App, { target: document.getElementById('app')! })
