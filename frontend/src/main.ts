import './style.css'
import { mount } from 'svelte'
import App from './App.svelte'
import { skipWailsDevOverlay } from './lib/wailsdev'

skipWailsDevOverlay()

// Svelte 5 mounts with mount(); the Svelte 4 `new App()` of Wails' template throws and leaves a blank window.
export default mount(App, { target: document.getElementById('app')! })
