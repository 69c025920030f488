<?php
/*
 * Builds "The Daily Barta", a small fictional newsroom, in a scratch WordPress
 * and exports it with WordPress's own Tools → Export code (export_wp()), so the
 * test data is what a real WordPress writes. All names and text are invented.
 *
 * Made with Debian 12's wordpress package (6.1.9), PHP 8.2 and MariaDB:
 *
 *   /etc/wordpress/config-wp-wp.php  defines DB_NAME/DB_USER/DB_PASSWORD, and
 *       WP_CONTENT_DIR, WP_HOME and WP_SITEURL (https://dailybarta.example)
 *   php make_exports.php install
 *   php make_exports.php build
 *   php make_exports.php export newsroom.xml
 *   php make_exports.php edit
 *   php make_exports.php export newsroom-edited.xml
 *
 * The tests make the image files themselves (Pillow), at the paths the export
 * names, so no binary file is kept here.
 */

$_SERVER['HTTP_HOST'] = 'dailybarta.example';
$_SERVER['WORDPRESS_CONFIG'] = 'wp-wp';
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_NAME'] = 'dailybarta.example';
$step = $argv[1] ?? '';
if ($step === 'install') {
    define('WP_INSTALLING', true);
}
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/image.php';
require_once ABSPATH . 'wp-admin/includes/export.php';

// Co-Authors Plus keeps bylines in an "author" taxonomy and guest authors as
// posts of type guest-author; registering both is what the plugin does.
register_taxonomy('author', 'post', ['public' => false, 'rewrite' => false]);
register_post_type('guest-author', ['public' => false, 'can_export' => true]);

function must($value) {
    if (is_wp_error($value)) {
        fwrite(STDERR, $value->get_error_message() . "\n");
        exit(1);
    }
    return $value;
}

function person($login, $first, $last, $display, $email) {
    $id = username_exists($login);
    if ($id) {
        return $id;
    }
    return must(wp_insert_user([
        'user_login' => $login,
        'user_pass' => wp_generate_password(24),
        'user_email' => $email,
        'first_name' => $first,
        'last_name' => $last,
        'display_name' => $display,
        'role' => 'author',
    ]));
}

function category($name, $slug = '', $parent = 0, $description = '') {
    $args = ['parent' => $parent, 'description' => $description];
    if ($slug) {
        $args['slug'] = $slug;
    }
    $result = must(wp_insert_term($name, 'category', $args));
    return (int) $result['term_id'];
}

// A plain picture made with GD: a coloured field with a band across it.
function picture($relative, $width, $height, $rgb, $credit = '') {
    $path = WP_CONTENT_DIR . '/uploads/' . $relative;
    wp_mkdir_p(dirname($path));
    $image = imagecreatetruecolor($width, $height);
    imagefilledrectangle($image, 0, 0, $width, $height, imagecolorallocate($image, ...$rgb));
    $band = imagecolorallocate($image, 250, 250, 245);
    imagefilledrectangle($image, 0, (int) ($height * 0.6), $width, (int) ($height * 0.7), $band);
    imagejpeg($image, $path, 80);
    if ($credit) {
        // IPTC 2#110 (Credit): WordPress reads it into the image's metadata.
        $iptc = chr(0x1C) . chr(2) . chr(110) . pack('n', strlen($credit)) . $credit;
        file_put_contents($path, iptcembed($iptc, $path));
    }
    return $path;
}

function attach($relative, $parent, $title, $caption, $alt, $date, $meta = []) {
    $path = WP_CONTENT_DIR . '/uploads/' . $relative;
    $id = must(wp_insert_attachment([
        'post_mime_type' => 'image/jpeg',
        'post_title' => $title,
        'post_excerpt' => $caption,
        'post_content' => '',
        'post_status' => 'inherit',
        'post_date' => $date,
        'post_date_gmt' => get_gmt_from_date($date),
        'guid' => home_url('/wp-content/uploads/' . $relative),
    ], $path, $parent, true));
    wp_update_attachment_metadata($id, wp_generate_attachment_metadata($id, $path));
    update_post_meta($id, '_wp_attachment_image_alt', $alt);
    foreach ($meta as $key => $value) {
        update_post_meta($id, $key, $value);
    }
    return $id;
}

function story($fields, $meta = []) {
    $fields += ['post_type' => 'post', 'comment_status' => 'open', 'ping_status' => 'open'];
    if (isset($fields['post_date'])) {
        $fields['post_date_gmt'] = get_gmt_from_date($fields['post_date']);
    }
    $id = must(wp_insert_post(wp_slash($fields), true));
    foreach ($meta as $key => $value) {
        update_post_meta($id, $key, wp_slash($value));
    }
    return $id;
}

function reply($post, $fields) {
    $fields += [
        'comment_post_ID' => $post,
        'comment_type' => 'comment',
        'comment_approved' => 1,
        'comment_author_IP' => '203.0.113.' . random_int(2, 250),
        'comment_agent' => 'Mozilla/5.0',
    ];
    $fields['comment_date_gmt'] = get_gmt_from_date($fields['comment_date']);
    return must(wp_insert_comment(wp_slash($fields)));
}

function find($slug) {
    $posts = get_posts(['name' => $slug, 'post_type' => 'post', 'post_status' => 'any', 'numberposts' => 1]);
    return $posts ? $posts[0]->ID : 0;
}

if ($step === 'install') {
    must(wp_install('The Daily Barta', 'editor', 'editor@dailybarta.example', true, '', wp_generate_password(24)));
    update_option('permalink_structure', '/%year%/%monthnum%/%day%/%postname%/');
    update_option('timezone_string', 'Asia/Dhaka');
    update_option('blogdescription', 'News from Dhaka and beyond');
    update_option('thread_comments_depth', 5);
    echo "installed\n";
    exit(0);
}

if ($step === 'build') {
    $farida = person('farida.yasmin', 'Farida', 'Yasmin', 'Farida Yasmin', 'farida@dailybarta.example');
    $arif = person('arifur', 'Arifur', 'Rahman', 'Arifur Rahman', 'arifur@dailybarta.example');
    $shahana = person('shahana', 'শাহানা', 'পারভীন', 'শাহানা পারভীন', 'shahana@dailybarta.example');

    $news = category('News', 'news', 0, 'National and local news');
    $bangladesh = category('Bangladesh', 'bangladesh', $news, 'Across the country');
    $dhaka = category('Dhaka', 'dhaka', $bangladesh, 'The capital and its suburbs');
    $sport = category('Sport', 'sport', 0, 'Cricket, football and more');
    $cricket = category('Cricket', 'cricket', $sport);
    $opinion = category('Opinion', 'opinion', 0, 'Columns and editorials');
    $economy = category('অর্থনীতি', '', 0, 'অর্থনীতি ও বাণিজ্যের খবর');

    // Co-Authors Plus: a guest author and the byline terms.
    $guest = story([
        'post_type' => 'guest-author',
        'post_status' => 'publish',
        'post_title' => 'Tanvir Ahmed',
        'post_name' => 'cap-tanvir-ahmed',
        'post_author' => $arif,
    ], [
        'cap-display_name' => 'Tanvir Ahmed',
        'cap-user_login' => 'tanvir-ahmed',
        'cap-first_name' => 'Tanvir',
        'cap-last_name' => 'Ahmed',
        'cap-user_email' => 'tanvir@example.org',
        'cap-description' => 'Tanvir Ahmed writes about cricket from Chattogram.',
    ]);
    must(wp_insert_term('farida.yasmin', 'author', ['slug' => 'cap-farida-yasmin']));
    must(wp_insert_term('tanvir-ahmed', 'author', ['slug' => 'cap-tanvir-ahmed']));

    // 1. A classic-editor story: [caption], a featured image, Yoast, views,
    // a changed slug (WordPress keeps the old one), threaded comments.
    $flood = story([
        'post_title' => 'Flood water reaches Dhaka’s northern wards after a week of rain',
        'post_name' => 'flood-water-reaches-dhaka',
        'post_excerpt' => 'Residents of Uttara and Mirpur waded through knee-deep water on Tuesday as the Turag rose above its danger mark.',
        'post_content' => 'placeholder',
        'post_status' => 'publish',
        'post_author' => $farida,
        'post_date' => '2025-07-08 09:30:00',
        'post_category' => [$dhaka],
        'tags_input' => ['flood', 'monsoon', 'বন্যা'],
    ], [
        '_yoast_wpseo_title' => '%%title%% %%sep%% %%sitename%%',
        '_yoast_wpseo_metadesc' => 'The Turag rose above its danger mark and water entered homes in Uttara and Mirpur.',
        'post_views_count' => '1520',
    ]);
    picture('2025/07/flood-uttara.jpg', 640, 427, [40, 90, 140], 'Photo: Farida Yasmin');
    $flood_photo = attach('2025/07/flood-uttara.jpg', $flood, 'Flooded road in Uttara', 'A rickshaw puller crosses a flooded road in Uttara on Tuesday.', 'A rickshaw in brown flood water', '2025-07-08 09:00:00');
    picture('2025/07/turag-embankment.jpg', 640, 427, [70, 110, 60]);
    $embankment = attach('2025/07/turag-embankment.jpg', $flood, 'Turag embankment', 'Sandbags on the Turag embankment.', 'Sandbags piled along a river bank', '2025-07-08 09:05:00', ['_media_credit' => 'Arifur Rahman']);
    set_post_thumbnail($flood, $flood_photo);
    wp_update_post(wp_slash([
        'ID' => $flood,
        'post_name' => 'flood-water-reaches-northern-dhaka',
        'post_content' => "The Turag rose above its danger mark on Monday night, and by Tuesday morning water had entered homes in Uttara and Mirpur.\n\n"
            . "Residents said the drains had been <strong>blocked for weeks</strong>. \"We carried the children to the roof,\" said Nasrin Akter, who runs a tailoring shop on Road 7.\nShe has lived in the ward for twelve years.\n\n"
            . "[caption id=\"attachment_{$embankment}\" align=\"aligncenter\" width=\"300\"]<img class=\"size-medium wp-image-{$embankment}\" src=\"https://dailybarta.example/wp-content/uploads/2025/07/turag-embankment-300x200.jpg\" alt=\"Sandbags piled along a river bank\" width=\"300\" height=\"200\" /> Volunteers filled sandbags along the embankment through the night.[/caption]\n\n"
            . "<!--more-->\n\n"
            . "The city corporation said pumps were running at <a href=\"https://dailybarta.example/2025/07/01/pumping-stations-upgraded/\">all four pumping stations</a> and that the water should recede by Thursday.\n\n"
            . "<h2>What residents can do</h2>\n\n"
            . "<ul>\n<li>Keep drinking water in sealed containers</li>\n<li>Switch off the mains before water reaches the sockets</li>\n</ul>\n\n"
            . "https://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n"
            . "<script>alert('x')</script><p onclick=\"steal()\">Updates will follow through the day.</p>",
    ]));
    $c1 = reply($flood, ['comment_author' => 'Kamal Hossain', 'comment_author_email' => 'kamal@example.org', 'comment_author_url' => 'https://kamal.example.org', 'comment_content' => 'Our lane in Mirpur 10 has been under water since Sunday.', 'comment_date' => '2025-07-08 11:02:00']);
    $c2 = reply($flood, ['comment_author' => 'Farida Yasmin', 'comment_author_email' => 'farida@dailybarta.example', 'comment_content' => 'Thank you, Kamal. Which road is it? We are sending a photographer.', 'comment_parent' => $c1, 'user_id' => $farida, 'comment_date' => '2025-07-08 11:40:00']);
    $c3 = reply($flood, ['comment_author' => 'Kamal Hossain', 'comment_author_email' => 'kamal@example.org', 'comment_content' => "Road 4, behind the <b>school</b>.\nThe water is above the steps.", 'comment_parent' => $c2, 'comment_approved' => 0, 'comment_date' => '2025-07-08 12:15:00']);
    reply($flood, ['comment_author' => 'রফিক', 'comment_author_email' => 'rafiq@example.net', 'comment_content' => 'আমাদের এলাকায়ও পানি উঠেছে। সিটি করপোরেশনের কেউ আসেনি।', 'comment_date' => '2025-07-08 13:20:00']);
    reply($flood, ['comment_author' => 'Cheap Watches', 'comment_author_email' => 'sales@spam.example', 'comment_author_url' => 'https://spam.example', 'comment_content' => 'Best prices on watches, click here', 'comment_approved' => 'spam', 'comment_date' => '2025-07-08 14:00:00']);
    reply($flood, ['comment_author' => 'Reader', 'comment_author_email' => 'reader@example.org', 'comment_content' => 'Posted twice by mistake.', 'comment_approved' => 'trash', 'comment_date' => '2025-07-08 14:30:00']);
    reply($flood, ['comment_author' => 'Monsoon Watch', 'comment_author_url' => 'https://monsoonwatch.example.org/2025/07/dhaka/', 'comment_content' => '[…] The Daily Barta reported water in Uttara and Mirpur […]', 'comment_type' => 'pingback', 'comment_date' => '2025-07-09 08:00:00']);
    reply($flood, ['comment_author' => 'River Notes', 'comment_author_url' => 'https://rivernotes.example.org/turag/', 'comment_content' => 'Trackback from River Notes', 'comment_type' => 'trackback', 'comment_date' => '2025-07-09 09:00:00']);

    // 2. A block-editor story with two co-authors, a subtitle and every block
    // a newsroom uses.
    $match = story([
        'post_title' => 'Bangladesh level the series with a last-over win in Chattogram',
        'post_name' => 'bangladesh-level-the-series',
        'post_excerpt' => 'A 41-run stand between the tail-enders turned the third one-day match.',
        'post_content' => 'placeholder',
        'post_status' => 'publish',
        'post_author' => $farida,
        'post_date' => '2025-08-14 18:45:00',
        'post_category' => [$cricket],
        'tags_input' => ['cricket', 'Chattogram'],
    ], [
        'wps_subtitle' => 'Tail-enders hold their nerve as the chase goes to the final over',
        'post_views_count' => '860',
    ]);
    picture('2025/08/stadium-lights.jpg', 640, 360, [20, 30, 60], 'Photo: Tanvir Ahmed');
    $lights = attach('2025/08/stadium-lights.jpg', $match, 'Floodlights in Chattogram', 'The floodlights came on during the 38th over.', 'Stadium floodlights against a dark sky', '2025-08-14 18:00:00');
    picture('2025/08/crowd.jpg', 480, 320, [150, 40, 40]);
    $crowd = attach('2025/08/crowd.jpg', $match, 'The crowd', 'Supporters at the eastern stand.', 'A crowd waving red and green flags', '2025-08-14 18:10:00');
    picture('2025/08/scoreboard.jpg', 480, 320, [30, 30, 30]);
    $scoreboard = attach('2025/08/scoreboard.jpg', $match, 'Scoreboard', 'The final scoreboard.', 'A scoreboard showing the result', '2025-08-14 18:20:00');
    set_post_thumbnail($match, $lights);
    wp_set_object_terms($match, ['cap-farida-yasmin', 'cap-tanvir-ahmed'], 'author');
    wp_update_post(wp_slash([
        'ID' => $match,
        'post_content' => "<!-- wp:paragraph -->\n<p>Bangladesh needed 12 from the last over, and got them with a ball to spare.</p>\n<!-- /wp:paragraph -->\n\n"
            . "<!-- wp:heading -->\n<h2 class=\"wp-block-heading\">The stand that turned it</h2>\n<!-- /wp:heading -->\n\n"
            . "<!-- wp:paragraph -->\n<p>The ninth-wicket pair added 41 in <em>six overs</em>, running hard between the wickets.</p>\n<!-- /wp:paragraph -->\n\n"
            . "<!-- wp:image {\"id\":{$lights},\"sizeSlug\":\"large\",\"linkDestination\":\"none\"} -->\n<figure class=\"wp-block-image size-large\"><img src=\"https://dailybarta.example/wp-content/uploads/2025/08/stadium-lights.jpg\" alt=\"Stadium floodlights against a dark sky\" class=\"wp-image-{$lights}\"/><figcaption class=\"wp-element-caption\">The floodlights came on during the 38th over.</figcaption></figure>\n<!-- /wp:image -->\n\n"
            . "<!-- wp:pullquote -->\n<figure class=\"wp-block-pullquote\"><blockquote><p>We told each other to play one ball at a time.</p><cite>The number ten batter</cite></blockquote></figure>\n<!-- /wp:pullquote -->\n\n"
            . "<!-- wp:list {\"ordered\":true} -->\n<ol><li>Overs 1-10: 48 for 1</li><li>Overs 11-40: 131 for 6</li><li>Overs 41-50: 89 for 2</li></ol>\n<!-- /wp:list -->\n\n"
            . "<!-- wp:quote -->\n<blockquote class=\"wp-block-quote\"><p>A chase like this is won in the dressing room.</p><cite>The coach</cite></blockquote>\n<!-- /wp:quote -->\n\n"
            . "<!-- wp:embed {\"url\":\"https://www.youtube.com/watch?v=aqz-KE-bpKQ\",\"type\":\"video\",\"providerNameSlug\":\"youtube\"} -->\n<figure class=\"wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube\"><div class=\"wp-block-embed__wrapper\">\nhttps://www.youtube.com/watch?v=aqz-KE-bpKQ\n</div><figcaption class=\"wp-element-caption\">Highlights of the final over</figcaption></figure>\n<!-- /wp:embed -->\n\n"
            . "<!-- wp:table -->\n<figure class=\"wp-block-table\"><table><thead><tr><th>Team</th><th>Score</th></tr></thead><tbody><tr><td>Visitors</td><td>267/8</td></tr><tr><td>Bangladesh</td><td>268/9</td></tr></tbody></table></figure>\n<!-- /wp:table -->\n\n"
            . "<!-- wp:gallery {\"linkTo\":\"none\"} -->\n<figure class=\"wp-block-gallery has-nested-images columns-default is-cropped\"><!-- wp:image {\"id\":{$crowd},\"sizeSlug\":\"large\"} -->\n<figure class=\"wp-block-image size-large\"><img src=\"https://dailybarta.example/wp-content/uploads/2025/08/crowd.jpg\" alt=\"A crowd waving red and green flags\" class=\"wp-image-{$crowd}\"/></figure>\n<!-- /wp:image -->\n\n<!-- wp:image {\"id\":{$scoreboard},\"sizeSlug\":\"large\"} -->\n<figure class=\"wp-block-image size-large\"><img src=\"https://dailybarta.example/wp-content/uploads/2025/08/scoreboard.jpg\" alt=\"A scoreboard showing the result\" class=\"wp-image-{$scoreboard}\"/></figure>\n<!-- /wp:image --><figcaption class=\"blocks-gallery-caption wp-element-caption\">Scenes from the ground</figcaption></figure>\n<!-- /wp:gallery -->\n\n"
            . "<!-- wp:separator -->\n<hr class=\"wp-block-separator has-alpha-channel-opacity\"/>\n<!-- /wp:separator -->\n\n"
            . "<!-- wp:paragraph -->\n<p>The deciding match is on Saturday in Dhaka.</p>\n<!-- /wp:paragraph -->",
    ]));
    $m1 = reply($match, ['comment_author' => 'Sabbir', 'comment_author_email' => 'sabbir@example.org', 'comment_content' => 'What a finish!', 'comment_date' => '2025-08-14 19:30:00']);
    reply($match, ['comment_author' => 'Nadia', 'comment_author_email' => 'not-an-address', 'comment_author_url' => 'javascript:alert(1)', 'comment_author_IP' => 'not-an-ip', 'comment_content' => 'The <a href="https://example.org/stats">strike rates</a> tell the story.', 'comment_parent' => $m1, 'comment_date' => '2025-08-14 20:05:00']);

    // 3. A story in Bangla: a Bangla slug, category, tag and comments.
    $budget = story([
        'post_title' => 'বাজেটে কৃষি খাতে বরাদ্দ বাড়ছে',
        'post_excerpt' => 'নতুন অর্থবছরের বাজেটে কৃষি খাতে বরাদ্দ আগের বছরের চেয়ে বাড়ানো হয়েছে।',
        'post_content' => "<!-- wp:paragraph -->\n<p>নতুন অর্থবছরের বাজেটে কৃষি খাতে বরাদ্দ বাড়ানো হয়েছে। সার ও বীজে ভর্তুকি অব্যাহত থাকবে।</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:paragraph -->\n<p>কৃষকেরা বলছেন, সেচের খরচ কমানো না গেলে এই বরাদ্দের সুফল মাঠে পৌঁছাবে না।</p>\n<!-- /wp:paragraph -->",
        'post_status' => 'publish',
        'post_author' => $shahana,
        'post_date' => '2025-06-05 16:00:00',
        'post_category' => [$economy],
        'tags_input' => ['বাজেট', 'budget'],
    ], ['post_views_count' => '300']);
    $b1 = reply($budget, ['comment_author' => 'মাহমুদ', 'comment_author_email' => 'mahmud@example.net', 'comment_content' => 'সেচের খরচের কথাটা খুব জরুরি।', 'comment_date' => '2025-06-05 18:00:00']);
    reply($budget, ['comment_author' => 'শাহানা পারভীন', 'comment_author_email' => 'shahana@dailybarta.example', 'comment_content' => 'ধন্যবাদ। আগামী সপ্তাহে এ নিয়ে বিস্তারিত প্রতিবেদন আসছে।', 'comment_parent' => $b1, 'user_id' => $shahana, 'comment_date' => '2025-06-05 19:00:00']);

    // 4. An opinion piece in two categories, Opinion marked primary, noindex,
    // comments closed.
    story([
        'post_title' => 'Opinion: The city needs drains before it needs flyovers',
        'post_name' => 'the-city-needs-drains',
        'post_content' => "Every monsoon the same wards go under water.\n\nBuilding upwards while the ground floods is a choice, and it is the wrong one.",
        'post_status' => 'publish',
        'post_author' => $arif,
        'post_date' => '2025-07-10 07:00:00',
        'post_category' => [$news, $opinion],
        'tags_input' => ['flood', 'urban planning'],
        'comment_status' => 'closed',
    ], [
        '_yoast_wpseo_primary_category' => (string) $opinion,
        '_yoast_wpseo_meta-robots-noindex' => '1',
    ]);

    // 5. One story with no category (WordPress files it as Uncategorized).
    story([
        'post_title' => 'Ferry services resume on the Padma',
        'post_content' => '<p>Ferries resumed at 6am after the fog lifted.</p>',
        'post_status' => 'publish',
        'post_author' => $arif,
        'post_date' => '2025-01-12 06:30:00',
    ]);

    // 6-11. Every other status.
    story(['post_title' => 'Draft: New bus routes for Gazipur', 'post_content' => 'Notes for the bus routes story.', 'post_status' => 'draft', 'post_author' => $arif, 'post_category' => [$bangladesh]]);
    story(['post_title' => 'Waiting for review: Port traffic up 8 per cent', 'post_content' => 'Container traffic at the port rose 8 per cent.', 'post_status' => 'pending', 'post_author' => $farida, 'post_date' => '2025-09-01 10:00:00', 'post_category' => [$news]]);
    story(['post_title' => 'Scheduled: Election commission announces dates', 'post_name' => 'election-dates', 'post_content' => 'The commission will announce the dates at noon.', 'post_status' => 'future', 'post_author' => $farida, 'post_date' => '2030-06-01 12:00:00', 'post_category' => [$news]]);
    story(['post_title' => 'Private: Staff rota for Eid', 'post_content' => 'Who works which shift over Eid.', 'post_status' => 'private', 'post_author' => $arif, 'post_date' => '2025-03-28 09:00:00', 'post_category' => [$news]]);
    $gone = story(['post_title' => 'Duplicate: Ferry services resume', 'post_content' => 'Filed twice.', 'post_status' => 'publish', 'post_author' => $arif, 'post_date' => '2025-01-12 06:35:00', 'post_category' => [$news]]);
    wp_trash_post($gone);
    story(['post_title' => 'Subscribers only: The budget in detail', 'post_content' => 'The full tables.', 'post_status' => 'publish', 'post_password' => 'barta', 'post_author' => $shahana, 'post_date' => '2025-06-06 09:00:00', 'post_category' => [$economy]]);

    // A page and a picture in the media library that no story shows.
    story(['post_type' => 'page', 'post_title' => 'About The Daily Barta', 'post_content' => 'Founded in 1998.', 'post_status' => 'publish', 'post_author' => 1]);
    picture('2025/01/newsroom.jpg', 320, 200, [200, 180, 120]);
    attach('2025/01/newsroom.jpg', 0, 'The newsroom', '', 'Desks in the newsroom', '2025-01-05 10:00:00');
    echo "built\n";
    exit(0);
}

if ($step === 'edit') {
    // What changes on the old site between two exports.
    $flood = find('flood-water-reaches-northern-dhaka');
    wp_update_post(wp_slash(['ID' => $flood, 'post_title' => 'Flood water reaches Dhaka’s northern wards after a week of heavy rain']));
    foreach (get_comments(['post_id' => $flood, 'status' => 'hold']) as $comment) {
        wp_set_comment_status($comment->comment_ID, 'approve');
    }
    reply($flood, ['comment_author' => 'Selina', 'comment_author_email' => 'selina@example.org', 'comment_content' => 'The water has gone down on Road 4 this morning.', 'comment_date' => '2025-07-10 08:00:00']);
    $draft = get_posts(['post_status' => 'draft', 'title' => 'Draft: New bus routes for Gazipur', 'post_type' => 'post', 'numberposts' => 1]);
    wp_update_post(['ID' => $draft[0]->ID, 'post_title' => 'New bus routes for Gazipur', 'post_status' => 'publish', 'post_date' => '2025-09-20 08:00:00', 'post_date_gmt' => get_gmt_from_date('2025-09-20 08:00:00')]);
    echo "edited\n";
    exit(0);
}

if ($step === 'export') {
    ob_start();
    export_wp(['content' => 'all']);
    file_put_contents($argv[2], ob_get_clean());
    echo "exported $argv[2]\n";
    exit(0);
}

fwrite(STDERR, "usage: php make_exports.php install|build|edit|export FILE\n");
exit(2);
